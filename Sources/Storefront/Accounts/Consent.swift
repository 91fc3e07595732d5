import Foundation

/// The agreements the sign-up form asks for, as Korean shops ask them: 이용약관, 개인정보 수집·이용 and 만 14세 이상
/// (required), 마케팅 정보 수신 (optional), with 전체 동의 ticking them all.
///
/// What a shopper agreed to is stored with the account (`user_consent`: which, which version of its text, when),
/// so a later change of the terms can tell who agreed to which text.
public enum Consent: String, Sendable, CaseIterable {
    case terms
    case privacy
    case age
    case marketing

    /// The form's checkbox: `agree_terms`, `agree_privacy`, `agree_age`, `agree_marketing`.
    public var field: String { "agree_" + rawValue }
    /// 전체 동의: ticked, it agrees to every consent, also without script.
    public static let allField = "agree_all"

    public var isRequired: Bool { self != .marketing }

    /// The checkbox's label.
    public var label: String {
        switch self {
        case .terms: "이용약관 동의 (필수)"
        case .privacy: "개인정보 수집·이용 동의 (필수)"
        case .age: "만 14세 이상입니다 (필수)"
        case .marketing: "마케팅 정보 수신 동의 (선택)"
        }
    }

    /// The page with the text agreed to, for the terms that have one.
    public var textPath: String? {
        switch self {
        case .terms: "/terms"
        case .privacy: "/privacy"
        case .age, .marketing: nil
        }
    }

    /// The version of the text agreed to: the date it took effect. Change it with the text.
    public var version: String { "2026-12-01" }

    /// Why the form came back when a required consent was not given.
    var missingMessage: String {
        switch self {
        case .terms: "이용약관에 동의해 주세요."
        case .privacy: "개인정보 수집·이용에 동의해 주세요."
        case .age: "만 14세 이상만 가입할 수 있습니다."
        case .marketing: ""
        }
    }

    /// The consents a posted form gives: each ticked box (any value, as browsers send `on`), or every one when
    /// 전체 동의 is ticked.
    public static func given(by field: (String) -> String?) -> Set<Consent> {
        if field(allField) != nil { return Set(allCases) }
        return Set(allCases.filter { field($0.field) != nil })
    }
}

/// A consent as stored with an account.
public struct AccountConsent: Sendable, Equatable {
    public let consent: Consent
    public let version: String
    public let agreedAt: Date
}
