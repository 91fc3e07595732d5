/// One-shot messages shown on the page after a redirect ("장바구니에 담았습니다").
/// Only the message's key travels in a cookie, never its text, so a forged cookie cannot inject words.
public enum Flash: String, Sendable, CaseIterable {
    case signedUp = "signed-up"
    case signedIn = "signed-in"
    case signedOut = "signed-out"
    case addedToCart = "cart-added"
    case cartUpdated = "cart-updated"
    case cartLineRemoved = "cart-removed"
    case orderCanceled = "order-canceled"
    case depositConfirmed = "deposit-confirmed"
    case cartEmpty = "cart-empty"
    case paymentConfirming = "payment-confirming"
    case reviewPosted = "review-posted"

    public var message: String {
        switch self {
        case .signedUp: "회원가입이 완료되었습니다. 환영합니다!"
        case .signedIn: "로그인되었습니다."
        case .signedOut: "로그아웃되었습니다."
        case .addedToCart: "장바구니에 담았습니다."
        case .cartUpdated: "수량을 변경했습니다."
        case .cartLineRemoved: "장바구니에서 삭제했습니다."
        case .orderCanceled: "주문이 취소되었습니다. 결제 금액은 환불됩니다."
        case .depositConfirmed: "입금이 확인되었습니다."
        case .cartEmpty: "장바구니가 비어 있습니다. 상품을 담은 뒤 주문해 주세요."
        case .paymentConfirming: "결제 결과를 확인하고 있습니다. 잠시 후 이 페이지를 새로 고쳐 주세요."
        case .reviewPosted: "리뷰를 등록했습니다. 소중한 후기 고맙습니다."
        }
    }

    /// `success` or `info`, for styling.
    public var kind: String {
        switch self {
        case .signedOut: "info"
        case .cartEmpty, .paymentConfirming: "warning"
        default: "success"
        }
    }
}
