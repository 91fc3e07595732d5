/// One-shot messages in the back office after a redirect. As with `Flash`, only the key travels in the cookie.
/// Areas add their cases.
public enum AdminFlash: String, Sendable, CaseIterable {
    case signedIn = "signed-in"
    case signedOut = "signed-out"
    case staffAdded = "staff-added"
    case staffUpdated = "staff-updated"
    case reviewHidden = "review-hidden"
    case productCreated = "product-created"
    case productUpdated = "product-updated"
    case productDeleted = "product-deleted"
    case productHiddenInstead = "product-hidden"
    case stockAdjusted = "stock-adjusted"
    case imagesUploaded = "images-uploaded"
    case imageMoved = "image-moved"
    case imageDeleted = "image-deleted"
    case productsImported = "products-imported"
    case depositMatched = "deposit-matched"
    case refundTransferred = "refund-transferred"

    public var message: String {
        switch self {
        case .signedIn: "로그인되었습니다."
        case .signedOut: "로그아웃되었습니다."
        case .staffAdded: "직원을 추가했습니다."
        case .staffUpdated: "직원 정보를 바꿨습니다."
        case .reviewHidden: "리뷰를 숨겼습니다. 상품 페이지와 별점에서 빠집니다."
        case .productCreated: "상품을 등록했습니다."
        case .productUpdated: "상품을 저장했습니다."
        case .productDeleted: "상품을 삭제했습니다."
        case .stockAdjusted: "재고를 반영했습니다."
        case .imagesUploaded: "이미지를 올렸습니다."
        case .imageMoved: "이미지 순서를 바꿨습니다."
        case .imageDeleted: "이미지를 삭제했습니다."
        case .productsImported: "CSV 파일의 상품을 반영했습니다."
        case .depositMatched: "입금을 확인했습니다. 주문이 결제 완료로 바뀌었습니다."
        case .refundTransferred: "환불 이체를 기록했습니다. 계좌번호는 이제 가려서 보관합니다."
        case .productHiddenInstead: "주문 기록이 있는 상품이라 삭제하지 않고 숨김으로 바꿨습니다. 지난 주문에는 계속 보입니다."
        }
    }

    /// `success` or `info`, for styling.
    public var kind: String { self == .signedOut || self == .productHiddenInstead ? "info" : "success" }
}
