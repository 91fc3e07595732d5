import Foundation
import PluginKit

/// The refund account a person typed (the shopper's cancel form; later the back office's): a bank from the
/// payment method's list, the account number and the holder's name, as entered.
///
/// Guarantees: `destination(banks:)` accepts only a bank the method lists, a number of 6–20 ASCII digits once
/// hyphens and spaces are dropped, and a holder of 1–20 code points once trimmed, and otherwise throws
/// `ShopError.validation` with a Korean message per field, all fields checked at once. It reads a bounded
/// prefix of each field, so an oversized form costs nothing. The number is never put in a message.
public struct RefundAccountInput: Sendable, Equatable {
    public var bankCode: String
    public var accountNumber: String
    public var holderName: String

    public init(bankCode: String, accountNumber: String, holderName: String) {
        self.bankCode = bankCode
        self.accountNumber = accountNumber
        self.holderName = holderName
    }

    /// No account: every field empty, which `destination(banks:)` always refuses with each field's "required" message.
    public static let none = RefundAccountInput(bankCode: "", accountNumber: "", holderName: "")

    /// The form's field names.
    public static let bankField = "refund_bank"
    public static let numberField = "refund_account_number"
    public static let holderField = "refund_holder_name"

    static let numberDigits = 6...20
    static let holderLength = 1...20
    /// More typed characters than any valid value could have, even with a separator between every digit.
    static let inputLimit = 64

    /// The validated destination, or every field's problem.
    public func destination(banks: [RefundBank]) throws(ShopError) -> RefundDestination {
        var errors: ValidationErrors = [:]
        let bank = bankCode.trimmingCharacters(in: .whitespaces)
        if bank.isEmpty {
            errors[Self.bankField] = "환불받을 은행을 선택해 주세요."
        } else if !banks.contains(where: { $0.code == bank }) {
            errors[Self.bankField] = "목록에 있는 은행을 선택해 주세요."
        }
        let number = Self.digits(accountNumber)
        switch number {
        case .none where accountNumber.utf8.count > Self.inputLimit:
            errors[Self.numberField] = "계좌번호는 6~20자리 숫자여야 합니다."
        case .none:
            errors[Self.numberField] = "계좌번호는 숫자로만 입력해 주세요. (하이픈과 띄어쓰기는 빼고 읽습니다)"
        case .some(let digits) where digits.isEmpty:
            errors[Self.numberField] = "환불받을 계좌번호를 입력해 주세요."
        case .some(let digits) where !Self.numberDigits.contains(digits.count):
            errors[Self.numberField] = "계좌번호는 6~20자리 숫자여야 합니다."
        default:
            break
        }
        let holder = accountHolder
        if holder.isEmpty {
            errors[Self.holderField] = "예금주 이름을 입력해 주세요."
        } else if TextLength.of(holder) > Self.holderLength.upperBound {
            errors[Self.holderField] = "예금주 이름은 \(Self.holderLength.upperBound)자 이하로 입력해 주세요."
        } else if holder.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            errors[Self.holderField] = "예금주 이름에 쓸 수 없는 문자가 있습니다."
        }
        guard errors.isEmpty, let number else { throw .validation(errors) }
        return .bankAccount(bankCode: bank, accountNumber: number, holderName: holder)
    }

    /// The holder's name with surrounding white space dropped (only its first characters are read).
    var accountHolder: String {
        TextLength.prefix(holderName, Self.inputLimit).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The ASCII digits of `typed` with hyphens and spaces dropped; nil when anything else is in it or it is
    /// longer than any account number could be typed.
    static func digits(_ typed: String) -> String? {
        guard typed.utf8.count <= inputLimit else { return nil }
        var digits = ""
        for byte in typed.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits.append(Character(Unicode.Scalar(byte)))
            case UInt8(ascii: "-"), UInt8(ascii: " "): continue
            default: return nil
            }
        }
        return digits
    }
}
