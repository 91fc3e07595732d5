import Foundation

/// The rules for what shoppers type about themselves: signup ids, passwords, names and phone numbers.
///
/// Signup and checkout share the name and phone rules, so a customer name accepted at checkout
/// would also be accepted at signup. Each check normalizes what it accepts (trimmed name, digits-only
/// phone) and records a Korean message under the form's field name when it refuses.
public enum AccountRules {
    public static let signupIdField = "signup_id"
    public static let passwordField = "password"
    public static let passwordConfirmationField = "password_confirm"
    public static let nameField = "name"
    public static let phoneField = "phone"

    static let signupIdMessage = "아이디는 4~15자의 영문 소문자, 숫자, 밑줄(_)만 사용할 수 있습니다."
    static let signupIdTakenMessage = "이미 사용 중인 아이디입니다."
    static let passwordShortMessage = "비밀번호는 8자 이상이어야 합니다."
    static let passwordLongMessage = "비밀번호가 너무 깁니다. (최대 72바이트)"
    static let passwordCharacterMessage = "비밀번호에 사용할 수 없는 문자가 있습니다."
    static let passwordBlankMessage = "공백만으로 된 비밀번호는 사용할 수 없습니다."
    static let passwordCommonMessage = "너무 흔한 비밀번호입니다. 다른 사람이 쉽게 짐작할 수 없는 비밀번호를 입력해 주세요."
    static let passwordSameAsIdMessage = "아이디와 같은 비밀번호는 사용할 수 없습니다."
    static let passwordConfirmationMessage = "비밀번호가 일치하지 않습니다. 같은 비밀번호를 한 번 더 입력해 주세요."
    /// The rule as the sign-up form states it next to the field.
    public static let passwordRule = "8자 이상. 아이디와 같거나 자주 쓰이는 비밀번호(예: 12345678, password)는 사용할 수 없습니다."
    static let nameMessage = "이름을 1~\(maxNameLength)자로 입력해 주세요. (이모지 등 일부 문자는 한 글자를 여러 자로 셉니다)"
    static let phoneMessage = "전화번호는 10~11자리 숫자로 입력해 주세요. (하이픈은 빼도 됩니다)"

    static let minPasswordLength = 8
    /// In code points (`TextLength`), as the schema's `length(name) BETWEEN 1 AND 50` counts, and the forms'
    /// `maxlength` (which counts UTF-16 units, so never lets through more).
    public static let maxNameLength = 50

    /// A signup id: 4–15 of `[a-z0-9_]`, after trimming surrounding spaces. Returns the trimmed id.
    static func signupId(_ raw: String, field: String = signupIdField, into errors: inout ValidationErrors) -> String {
        let id = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let allowed = id.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
        if !allowed || !(4...15).contains(id.utf8.count) { errors[field] = signupIdMessage }
        return id
    }

    /// A new password: at least 8 characters (code points, see `TextLength`), at most 72 UTF-8 bytes (bcrypt
    /// ignores the rest), no NUL, not whitespace alone, not the signup id, and not one of the 10,000 most common
    /// passwords (`commonPasswordList`), letter case ignored for both. Passwords are never trimmed.
    static func password(_ raw: String, signupId: String? = nil, field: String = passwordField,
                         into errors: inout ValidationErrors) {
        if TextLength.of(raw) < minPasswordLength {
            errors[field] = passwordShortMessage
        } else if raw.utf8.count > PasswordHasher.maxPasswordBytes {
            errors[field] = passwordLongMessage
        } else if raw.utf8.contains(0) {
            errors[field] = passwordCharacterMessage
        } else if raw.allSatisfy(\.isWhitespace) {
            errors[field] = passwordBlankMessage
        } else if let signupId, !signupId.isEmpty, raw.lowercased() == signupId.lowercased() {
            errors[field] = passwordSameAsIdMessage
        } else if commonPasswords.contains(raw.lowercased()) {
            errors[field] = passwordCommonMessage
        }
    }

    /// The confirmation typed in 비밀번호 확인 must be the password itself; nil (a caller without the field,
    /// such as seeding) is not checked.
    static func passwordConfirmation(_ confirmation: String?, of password: String,
                                     into errors: inout ValidationErrors) {
        if let confirmation, confirmation != password { errors[passwordConfirmationField] = passwordConfirmationMessage }
    }

    /// `commonPasswordList` in lower case, built on first use (about 10,000 short strings).
    static let commonPasswords: Set<String> = Set(commonPasswordList.split(separator: "\n").map { $0.lowercased() })

    /// A person's name: 1–50 characters (code points, see `TextLength`) after trimming, no control characters.
    /// Returns the trimmed name.
    static func name(_ raw: String, field: String = nameField, into errors: inout ValidationErrors) -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty || TextLength.of(name) > maxNameLength
            || name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            errors[field] = nameMessage
        }
        return name
    }

    /// Every required consent must be among `given`; nil (a caller without the form) is not checked.
    static func consents(_ given: Set<Consent>?, into errors: inout ValidationErrors) {
        guard let given else { return }
        for consent in Consent.allCases where consent.isRequired && !given.contains(consent) {
            errors[consent.field] = consent.missingMessage
        }
    }

    /// A Korean phone number: 10–11 ASCII digits once hyphens and spaces are removed.
    /// Returns the digits only, which is how phones are stored.
    static func phone(_ raw: String, field: String = phoneField, into errors: inout ValidationErrors) -> String {
        let digits = String(raw.filter { $0 != "-" && !$0.isWhitespace })
        let allDigits = digits.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        if !allDigits || !(10...11).contains(digits.utf8.count) { errors[field] = phoneMessage }
        return digits
    }
}
