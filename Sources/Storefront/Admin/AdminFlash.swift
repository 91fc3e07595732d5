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
    case orderRefunded = "order-refunded"
    case orderCanceledByRefund = "order-canceled"
    case paymentSettled = "payment-settled"
    case paymentStillUnknown = "payment-unknown"
    case paymentFailed = "payment-failed"
    case paymentUnchanged = "payment-unchanged"
    case orderShipped = "order-shipped"
    case orderDelivered = "order-delivered"
    case bulkShipped = "bulk-shipped"
    case bulkDelivered = "bulk-delivered"
    case returnApproved = "return-approved"
    case returnRejected = "return-rejected"
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
        case .orderRefunded: "환불했습니다. 남은 결제 금액과 환불 내역을 확인해 주세요."
        case .orderCanceledByRefund: "전액 환불하고 주문을 취소했습니다."
        case .paymentSettled: "결제사에 확인했습니다: 결제가 확인되어 주문 상태를 바꿨습니다."
        case .paymentStillUnknown: "결제사에 확인했습니다: 아직 결과가 정해지지 않았습니다. 잠시 후 다시 확인해 주세요."
        case .paymentFailed: "결제사에 확인했습니다: 결제되지 않은 주문이라 결제 실패로 바꿨습니다."
        case .paymentUnchanged: "결제사에 확인했습니다: 주문 상태는 그대로입니다."
        case .orderShipped: "발송 처리했습니다. 주문자의 주문 상세에 배송중과 송장번호가 보입니다."
        case .orderDelivered: "배송 완료로 바꿨습니다."
        case .bulkShipped: "CSV의 주문을 모두 발송 처리했습니다."
        case .bulkDelivered: "CSV의 주문을 모두 배송 완료로 바꿨습니다."
        case .returnApproved: "반품을 승인하고 환불했습니다."
        case .returnRejected: "반품 요청을 거절했습니다. 주문자의 주문 상세에 거절 사유가 보입니다."
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
    public var kind: String {
        switch self {
        case .signedOut, .productHiddenInstead, .paymentStillUnknown, .paymentUnchanged: "info"
        case .paymentFailed: "warning"
        default: "success"
        }
    }
}
