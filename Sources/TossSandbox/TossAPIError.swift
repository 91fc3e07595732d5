/// An error answer in Toss's shape (TOSS_API.md §5): an HTTP status and `{"code", "message"}`.
public struct TossAPIError: Error, Sendable, Equatable {
    public var status: Int
    public var code: String
    public var message: String

    public init(_ status: Int, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    static let notFoundPayment = TossAPIError(404, "NOT_FOUND_PAYMENT", "존재하지 않는 결제 정보 입니다.")
    static let sessionExpired = TossAPIError(404, "NOT_FOUND_PAYMENT_SESSION", "결제 시간이 만료되어 결제 진행 데이터가 존재하지 않습니다.")
    static let alreadyProcessed = TossAPIError(400, "ALREADY_PROCESSED_PAYMENT", "이미 처리된 결제 입니다.")
    static let alreadyCanceled = TossAPIError(400, "ALREADY_CANCELED_PAYMENT", "이미 취소된 결제 입니다.")
    static let notCancelablePayment = TossAPIError(403, "NOT_CANCELABLE_PAYMENT", "취소 할 수 없는 결제 입니다.")
    static let notCancelableAmount = TossAPIError(403, "NOT_CANCELABLE_AMOUNT", "취소 할 수 없는 금액 입니다.")
    static let partialRefundWaitingDeposit = TossAPIError(403, "NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT",
                                                          "입금 대기중인 결제는 부분 환불이 불가합니다.")
    static let duplicatedOrderId = TossAPIError(400, "DUPLICATED_ORDER_ID", "이미 승인 및 취소가 진행된 중복된 주문번호 입니다.")
    static let mismatch = TossAPIError(400, "INVALID_REQUEST", "요청한 주문 정보가 결제 정보와 일치하지 않습니다.")
    static let unauthorizedKey = TossAPIError(401, "UNAUTHORIZED_KEY", "인증되지 않은 시크릿 키 혹은 클라이언트 키 입니다.")
    static let badAuthFormat = TossAPIError(403, "INCORRECT_BASIC_AUTH_FORMAT", "잘못된 요청입니다. ':' 를 포함해 인코딩해주세요.")
    static let idempotencyProcessing = TossAPIError(409, "IDEMPOTENT_REQUEST_PROCESSING", "이전 멱등 요청이 처리중입니다.")
    static let invalidIdempotencyKey = TossAPIError(400, "INVALID_IDEMPOTENCY_KEY", "멱등키는 300자 이하여야 합니다.")
    static let internalError = TossAPIError(500, "FAILED_INTERNAL_SYSTEM_PROCESSING", "내부 시스템 처리 작업이 실패했습니다. 잠시 후 다시 시도해주세요.")

    static let invalidBank = TossAPIError(400, "INVALID_BANK", "유효하지 않은 은행입니다.")
    static let invalidRefundAccountNumber = TossAPIError(400, "INVALID_REFUND_ACCOUNT_NUMBER", "잘못된 환불 계좌번호입니다.")
    /// Toss documents no code for a cancel of a deposited virtual account that names no refund account (TOSS_API.md
    /// §4.3, §5); the sandbox answers with the generic 400 `INVALID_REQUEST`, Toss's code for a missing parameter.
    static let refundAccountRequired = invalidRequest("입금이 완료된 가상계좌 결제를 취소하려면 환불받을 계좌(refundReceiveAccount)가 필요합니다.")

    static func invalidRequest(_ message: String) -> TossAPIError { TossAPIError(400, "INVALID_REQUEST", message) }

    /// The status Toss answers with for a code forced through `TossPayments-Test-Code` (§1, §5);
    /// nil for codes the sandbox does not know (answered with `INVALID_TEST_CODE`).
    static func forced(code: String) -> TossAPIError? {
        guard let status = testCodeStatus[code] else { return nil }
        return TossAPIError(status, code, "테스트 코드로 발생시킨 오류입니다: \(code)")
    }

    private static let testCodeStatus: [String: Int] = {
        var table: [String: Int] = [:]
        let groups: [(Int, [String])] = [
            (400, ["ALREADY_PROCESSED_PAYMENT", "PROVIDER_ERROR", "EXCEED_MAX_CARD_INSTALLMENT_PLAN", "INVALID_REQUEST",
                   "NOT_ALLOWED_POINT_USE", "INVALID_API_KEY", "INVALID_REJECT_CARD", "BELOW_MINIMUM_AMOUNT",
                   "INVALID_CARD_EXPIRATION", "INVALID_STOPPED_CARD", "EXCEED_MAX_DAILY_PAYMENT_COUNT",
                   "INVALID_CARD_INSTALLMENT_PLAN", "EXCEED_MAX_PAYMENT_AMOUNT", "INVALID_CARD_LOST_OR_STOLEN",
                   "RESTRICTED_TRANSFER_ACCOUNT", "INVALID_CARD_NUMBER", "EXCEED_MAX_ONE_DAY_WITHDRAW_AMOUNT",
                   "EXCEED_MAX_ONE_TIME_WITHDRAW_AMOUNT", "CARD_PROCESSING_ERROR", "EXCEED_MAX_AMOUNT",
                   "NOT_AVAILABLE_PAYMENT", "UNAPPROVED_ORDER_ID", "EXCEED_MAX_MONTHLY_PAYMENT_AMOUNT",
                   "ALREADY_CANCELED_PAYMENT", "INVALID_REFUND_ACCOUNT_INFO", "REFUND_REJECTED", "ALREADY_REFUND_PAYMENT",
                   "DUPLICATED_ORDER_ID", "NOT_SUPPORTED_INSTALLMENT_PLAN_CARD_OR_MERCHANT", "NOT_SUPPORTED_MONTHLY_INSTALLMENT_PLAN",
                   "NOT_FOUND_TERMINAL_ID", "INVALID_AUTHORIZE_AUTH", "INVALID_UNREGISTERED_SUBMALL", "NOT_REGISTERED_BUSINESS",
                   "INVALID_ACCOUNT_INFO_RE_REGISTER", "NOT_SUPPORTED_MONTHLY_INSTALLMENT_PLAN_BELOW_AMOUNT",
                   "ALREADY_COMPLETED_PAYMENT", "INVALID_IDEMPOTENCY_KEY", "EXCEED_CANCEL_AMOUNT_DISCOUNT_AMOUNT",
                   "INVALID_REFUND_ACCOUNT_NUMBER", "INVALID_BANK", "NOT_MATCHES_REFUNDABLE_AMOUNT", "ALREADY_REFUNDING_PAYMENT",
                   "FORBIDDEN_BANK_REFUND_REQUEST"]),
            (401, ["UNAUTHORIZED_KEY"]),
            (403, ["REJECT_ACCOUNT_PAYMENT", "REJECT_CARD_PAYMENT", "REJECT_CARD_COMPANY", "FORBIDDEN_REQUEST",
                   "REJECT_TOSSPAY_INVALID_ACCOUNT", "EXCEED_MAX_AUTH_COUNT", "EXCEED_MAX_ONE_DAY_AMOUNT", "NOT_AVAILABLE_BANK",
                   "INVALID_PASSWORD", "INCORRECT_BASIC_AUTH_FORMAT", "FDS_ERROR", "NOT_CANCELABLE_AMOUNT",
                   "FORBIDDEN_CONSECUTIVE_REQUEST", "NOT_CANCELABLE_PAYMENT", "EXCEED_MAX_REFUND_DUE",
                   "NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT", "NOT_ALLOWED_PARTIAL_REFUND",
                   "NOT_CANCELABLE_PAYMENT_FOR_DORMANT_USER", "EXCEED_CANCEL_LIMIT"]),
            (404, ["NOT_FOUND_PAYMENT", "NOT_FOUND_PAYMENT_SESSION"]),
            (409, ["IDEMPOTENT_REQUEST_PROCESSING"]),
            (500, ["FAILED_PAYMENT_INTERNAL_SYSTEM_PROCESSING", "FAILED_INTERNAL_SYSTEM_PROCESSING", "UNKNOWN_PAYMENT_ERROR",
                   "FAILED_REFUND_PROCESS", "COMMON_ERROR", "FAILED_METHOD_HANDLING_CANCEL", "FAILED_PARTIAL_REFUND"]),
        ]
        for (status, codes) in groups { for code in codes { table[code] = status } }
        return table
    }()
}
