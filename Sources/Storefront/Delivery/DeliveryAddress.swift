import Foundation

/// A delivery address as checkout copies it onto an order and the address book keeps it: 받는 분, 휴대폰 (digits),
/// 우편번호 (5 digits), 기본주소 and 상세주소.
///
/// Guarantee: a value made by `init(form…)` passed every rule below; the schema's CHECKs hold the same bounds.
/// No address search service can be reached offline, so the format is what is checked, not that the address
/// exists (README: a live deployment can add the 우편번호 search widget to the form).
public struct DeliveryAddress: Sendable, Equatable {
    public let recipient: String
    /// Digits only, as sign-up stores phones.
    public let phone: String
    public let postalCode: String
    public let line1: String
    public let line2: String

    public static let recipientField = "recipient"
    public static let phoneField = "recipient_phone"
    public static let postalCodeField = "postal_code"
    public static let line1Field = "address_line1"
    public static let line2Field = "address_line2"

    static let postalCodeMessage = "우편번호는 숫자 5자리로 입력해 주세요."
    static let line1Message = "기본주소를 1~\(maxLine1Length)자로 입력해 주세요."
    static let line2Message = "상세주소는 \(maxLine2Length)자 이하로 입력해 주세요."
    public static let maxLine1Length = 200
    public static let maxLine2Length = 100

    /// Internal: values read back from the database, already valid when written.
    init(recipient: String, phone: String, postalCode: String, line1: String, line2: String) {
        self.recipient = recipient
        self.phone = phone
        self.postalCode = postalCode
        self.line1 = line1
        self.line2 = line2
    }

    /// Checks the form's text, adding a Korean message per bad field to `errors`; nil when any field is bad.
    public static func parse(recipient: String, phone: String, postalCode: String, line1: String, line2: String,
                             into errors: inout ValidationErrors) -> DeliveryAddress? {
        let before = errors.count
        let recipient = AccountRules.name(recipient, field: recipientField, into: &errors)
        let phone = AccountRules.phone(phone, field: phoneField, into: &errors)
        let postal = postalCode.trimmingCharacters(in: .whitespaces)
        if postal.utf8.count != 5 || !postal.utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
            errors[postalCodeField] = postalCodeMessage
        }
        let line1 = Self.line(line1, max: maxLine1Length, required: true, field: line1Field, message: line1Message, into: &errors)
        let line2 = Self.line(line2, max: maxLine2Length, required: false, field: line2Field, message: line2Message, into: &errors)
        guard errors.count == before else { return nil }
        return DeliveryAddress(recipient: recipient, phone: phone, postalCode: postal, line1: line1, line2: line2)
    }

    private static func line(_ raw: String, max: Int, required: Bool, field: String, message: String,
                             into errors: inout ValidationErrors) -> String {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if (required && text.isEmpty) || TextLength.of(text) > max
            || text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            errors[field] = message
        }
        return text
    }

    /// "(06236) 서울 강남구 테헤란로 152 12층", as the pages print it.
    public var singleLine: String {
        "(\(postalCode)) \(line1)" + (line2.isEmpty ? "" : " \(line2)")
    }

    /// "010-1234-5678" for 11 digits, "02-123-4567"-style grouping is not attempted for others.
    public var phoneText: String {
        guard phone.utf8.count == 11 else { return phone }
        let digits = Array(phone)
        return String(digits[0..<3]) + "-" + String(digits[3..<7]) + "-" + String(digits[7...])
    }
}

/// 배송 요청사항: one of the usual choices, or the shopper's own words (직접 입력, at most 50 characters).
public enum DeliveryRequest {
    public static let choiceField = "delivery_request"
    public static let customField = "delivery_request_custom"
    /// The choice value meaning "use the text field".
    public static let customChoice = "custom"
    public static let maxCustomLength = 50
    public static let choices = ["문 앞에 놓아 주세요", "경비실에 맡겨 주세요", "배송 전 연락 바랍니다"]
    static let customMessage = "요청사항은 \(maxCustomLength)자 이하로 입력해 주세요."
    static let choiceMessage = "배송 요청사항을 목록에서 골라 주세요."

    /// The request to store: "" for none, a listed choice, or the trimmed custom text.
    public static func parse(choice: String, custom: String, into errors: inout ValidationErrors) -> String {
        if choice.isEmpty { return "" }
        if choices.contains(choice) { return choice }
        guard choice == customChoice else {
            errors[choiceField] = choiceMessage
            return ""
        }
        let text = custom.trimmingCharacters(in: .whitespacesAndNewlines)
        if TextLength.of(text) > maxCustomLength || text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            errors[customField] = customMessage
        }
        return text
    }
}
