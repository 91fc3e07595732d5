/// One-shot messages in the back office after a redirect. As with `Flash`, only the key travels in the cookie.
/// Areas add their cases.
public enum AdminFlash: String, Sendable, CaseIterable {
    case signedIn = "signed-in"
    case signedOut = "signed-out"
    case staffAdded = "staff-added"
    case staffUpdated = "staff-updated"
    case reviewHidden = "review-hidden"

    public var message: String {
        switch self {
        case .signedIn: "로그인되었습니다."
        case .signedOut: "로그아웃되었습니다."
        case .staffAdded: "직원을 추가했습니다."
        case .staffUpdated: "직원 정보를 바꿨습니다."
        case .reviewHidden: "리뷰를 숨겼습니다. 상품 페이지와 별점에서 빠집니다."
        }
    }

    /// `success` or `info`, for styling.
    public var kind: String { self == .signedOut ? "info" : "success" }
}
