import PluginKit

/// What the shop does about each error Toss documents for confirm (결제 승인) and cancel (결제 취소), and
/// what the shopper reads: one row per code and operation (TOSS_API.md §5; ALREADY_REFUNDING_PAYMENT from
/// Toss's full core-API error table). The confirm path, the reconciler and the cancel path all decide
/// from here, so a code means the same thing wherever it comes back.
///
/// Guarantees: every row's message is Korean text written for the shopper, never Toss's own message, a
/// code or an internal detail; a code no row names falls back on the provider's `PaymentError.Kind`
/// (other providers, our own TIMEOUT/NETWORK), with a generic message.
public enum PaymentErrorTable {
    /// The call that failed.
    public enum Operation: String, Sendable, CaseIterable {
        case confirm
        case cancel
    }

    /// What the flow does next.
    public enum Action: String, Sendable {
        /// Temporary on Toss's side: nothing is decided. A confirm stays CONFIRMING for the reconciler (which
        /// looks the payment up before asking again); a cancel changes nothing and the shopper may ask later.
        case retryLater
        /// Final for this payment: a confirm fails the order (its stock returns); a cancel is refused and
        /// the order stays as it is. Only the shop or its support can change the outcome.
        case fail
        /// Toss did it already (approved, canceled, refunding): look the payment up and record what it says.
        case treatAsDone
        /// The shopper must change something (another card, the installment, the refund amount or
        /// account) and try again: a confirm fails the order, whose cart is kept; a cancel changes nothing.
        case shopperMustAct
    }

    /// One documented error.
    public struct Row: Sendable, Equatable, CustomStringConvertible {
        public let operation: Operation
        /// Toss's `code`.
        public let code: String
        /// The HTTP status Toss documents for it (the flow branches on `code`, never on this).
        public let status: Int
        public let action: Action
        /// What the shopper reads.
        public let message: String

        public var description: String { "\(operation.rawValue) \(code)" }
    }

    /// What the shopper reads when the code is not in the table.
    static let fallbackMessage: [Operation: String] = [
        .confirm: "결제를 완료하지 못했습니다. 다시 시도해 주세요.",
        .cancel: "결제를 취소하지 못했습니다. 잠시 후 다시 시도해 주세요.",
    ]

    /// The row for `code`, or nil when Toss documents no such error for `operation`.
    public static func row(_ operation: Operation, code: String) -> Row? { index[operation]?[code] }

    /// What to do about `error`: its row, else what its kind says.
    public static func action(_ operation: Operation, for error: PaymentError) -> Action {
        if let row = row(operation, code: error.code) { return row.action }
        return switch error.kind {
        case .unknownOutcome: .retryLater
        case .alreadyProcessed, .alreadyCanceled: .treatAsDone
        case .rejected, .notFound, .misconfigured: .fail
        }
    }

    /// What the shopper reads about `code`: its row's message, else the generic one for the operation.
    public static func message(_ operation: Operation, code: String) -> String {
        row(operation, code: code)?.message ?? fallbackMessage[operation] ?? ""
    }

    /// The cancel codes that refuse the refund account a cancel named: the shopper must type another.
    public static let refundAccountCodes: Set<String> = [
        "INVALID_REFUND_ACCOUNT_INFO", "INVALID_REFUND_ACCOUNT_NUMBER", "INVALID_BANK", "FORBIDDEN_BANK_REFUND_REQUEST",
    ]

    /// Every row, confirm first, in Toss's table order.
    public static let rows: [Row] = confirmRows + cancelRows

    private static let index: [Operation: [String: Row]] = Dictionary(grouping: rows, by: \.operation)
        .mapValues { Dictionary($0.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first }) }

    private static func rows(_ operation: Operation, _ entries: [(String, Int, Action, String)]) -> [Row] {
        entries.map { Row(operation: operation, code: $0.0, status: $0.1, action: $0.2, message: $0.3) }
    }

    // Messages shared by several rows.
    private static let otherCard = "카드사에서 결제를 거절했습니다. 다른 카드로 다시 결제해 주세요."
    private static let limit = "결제 한도를 넘었습니다. 다른 결제 수단으로 다시 결제해 주세요."
    private static let noInstallment = "이 카드로는 할부 결제를 할 수 없습니다. 일시불로 다시 결제해 주세요."
    private static let confirmLater = "결제사에 일시적인 문제가 있어 결제를 확인하고 있습니다. 잠시 후 주문 내역에서 결과를 확인해 주세요."
    private static let shopSetup = "상점의 결제 설정에 문제가 있어 결제하지 못했습니다. 고객센터로 문의해 주세요."
    private static let cancelLater = "결제사에 일시적인 문제가 있어 취소하지 못했습니다. 잠시 후 다시 시도해 주세요."
    private static let cancelSetup = "상점의 결제 설정에 문제가 있어 취소하지 못했습니다. 고객센터로 문의해 주세요."
    private static let cancelSupport = "이 결제는 온라인으로 취소할 수 없습니다. 고객센터로 문의해 주세요."
    private static let refundAccount = "환불 계좌 정보가 올바르지 않습니다. 은행, 계좌번호, 예금주를 확인해 주세요."

    /// 결제 승인 (`POST /v1/payments/confirm`), plus the idempotency and order-id codes any confirm can meet.
    static let confirmRows = rows(.confirm, [
        ("ALREADY_PROCESSED_PAYMENT", 400, .treatAsDone, "이미 결제가 완료되었습니다. 주문 내역에서 확인해 주세요."),
        ("PROVIDER_ERROR", 400, .retryLater, confirmLater),
        ("EXCEED_MAX_CARD_INSTALLMENT_PLAN", 400, .shopperMustAct, "선택한 할부 개월 수가 이 카드의 최대 할부 개월보다 깁니다. 할부 개월을 줄여 다시 결제해 주세요."),
        ("INVALID_REQUEST", 400, .fail, "결제 요청이 주문과 맞지 않아 결제하지 않았습니다. 장바구니에서 다시 주문해 주세요."),
        ("NOT_ALLOWED_POINT_USE", 400, .shopperMustAct, "이 카드는 포인트를 쓸 수 없습니다. 포인트 사용 없이 다시 결제해 주세요."),
        ("INVALID_API_KEY", 400, .fail, shopSetup),
        ("INVALID_REJECT_CARD", 400, .shopperMustAct, otherCard),
        ("BELOW_MINIMUM_AMOUNT", 400, .fail, "결제 금액이 최소 결제 금액(카드 100원, 계좌 200원)보다 작아 결제할 수 없습니다."),
        ("INVALID_CARD_EXPIRATION", 400, .shopperMustAct, "카드 유효기간이 맞지 않습니다. 카드 정보를 확인하고 다시 결제해 주세요."),
        ("INVALID_STOPPED_CARD", 400, .shopperMustAct, "정지된 카드입니다. 다른 카드로 다시 결제해 주세요."),
        ("EXCEED_MAX_DAILY_PAYMENT_COUNT", 400, .shopperMustAct, "하루 결제 가능 횟수를 넘었습니다. 다른 결제 수단으로 다시 결제해 주세요."),
        ("NOT_SUPPORTED_INSTALLMENT_PLAN_CARD_OR_MERCHANT", 400, .shopperMustAct, noInstallment),
        ("INVALID_CARD_INSTALLMENT_PLAN", 400, .shopperMustAct, "할부 개월 정보가 올바르지 않습니다. 할부 개월을 다시 골라 결제해 주세요."),
        ("NOT_SUPPORTED_MONTHLY_INSTALLMENT_PLAN", 400, .shopperMustAct, noInstallment),
        ("EXCEED_MAX_PAYMENT_AMOUNT", 400, .shopperMustAct, limit),
        ("NOT_FOUND_TERMINAL_ID", 400, .fail, shopSetup),
        ("INVALID_AUTHORIZE_AUTH", 400, .shopperMustAct, "카드 인증에 실패했습니다. 다시 결제해 주세요."),
        ("INVALID_CARD_LOST_OR_STOLEN", 400, .shopperMustAct, "분실 또는 도난 신고된 카드입니다. 다른 카드로 결제해 주세요."),
        ("RESTRICTED_TRANSFER_ACCOUNT", 400, .shopperMustAct, "출금이 제한된 계좌입니다. 다른 계좌나 결제 수단으로 다시 결제해 주세요."),
        ("INVALID_CARD_NUMBER", 400, .shopperMustAct, "카드 번호가 올바르지 않습니다. 카드 정보를 확인하고 다시 결제해 주세요."),
        ("INVALID_UNREGISTERED_SUBMALL", 400, .fail, shopSetup),
        ("NOT_REGISTERED_BUSINESS", 400, .fail, shopSetup),
        ("EXCEED_MAX_ONE_DAY_WITHDRAW_AMOUNT", 400, .shopperMustAct, "계좌의 하루 출금 한도를 넘었습니다. 다른 결제 수단으로 다시 결제해 주세요."),
        ("EXCEED_MAX_ONE_TIME_WITHDRAW_AMOUNT", 400, .shopperMustAct, "계좌의 1회 출금 한도를 넘었습니다. 다른 결제 수단으로 다시 결제해 주세요."),
        ("CARD_PROCESSING_ERROR", 400, .retryLater, confirmLater),
        ("EXCEED_MAX_AMOUNT", 400, .shopperMustAct, limit),
        ("INVALID_ACCOUNT_INFO_RE_REGISTER", 400, .shopperMustAct, "계좌 정보가 유효하지 않습니다. 계좌를 다시 등록한 뒤 결제해 주세요."),
        ("NOT_AVAILABLE_PAYMENT", 400, .shopperMustAct, "지금은 결제할 수 없는 시간입니다. 잠시 후 다시 결제해 주세요."),
        ("UNAPPROVED_ORDER_ID", 400, .fail, "결제가 승인되지 않은 주문입니다. 장바구니에서 다시 주문해 주세요."),
        ("EXCEED_MAX_MONTHLY_PAYMENT_AMOUNT", 400, .shopperMustAct, "이번 달 결제 한도를 넘었습니다. 다른 결제 수단으로 다시 결제해 주세요."),
        ("NOT_SUPPORTED_MONTHLY_INSTALLMENT_PLAN_BELOW_AMOUNT", 400, .shopperMustAct, "5만 원 이하는 할부로 결제할 수 없습니다. 일시불로 다시 결제해 주세요."),
        ("DUPLICATED_ORDER_ID", 400, .treatAsDone, "이미 결제가 완료된 주문입니다. 주문 내역에서 확인해 주세요."),
        ("ALREADY_COMPLETED_PAYMENT", 400, .treatAsDone, "이미 결제가 완료되었습니다. 주문 내역에서 확인해 주세요."),
        ("INVALID_IDEMPOTENCY_KEY", 400, .fail, shopSetup),
        ("UNAUTHORIZED_KEY", 401, .fail, shopSetup),
        ("REJECT_ACCOUNT_PAYMENT", 403, .shopperMustAct, "계좌에서 결제가 거절되었습니다. 잔액이나 계좌 상태를 확인하고 다시 결제해 주세요."),
        ("REJECT_CARD_PAYMENT", 403, .shopperMustAct, "한도 초과 또는 잔액 부족으로 결제가 거절되었습니다. 다른 카드로 다시 결제해 주세요."),
        ("REJECT_CARD_COMPANY", 403, .shopperMustAct, otherCard),
        ("FORBIDDEN_REQUEST", 403, .fail, "허용되지 않은 결제 요청이라 결제하지 않았습니다. 장바구니에서 다시 주문해 주세요."),
        ("REJECT_TOSSPAY_INVALID_ACCOUNT", 403, .shopperMustAct, "토스페이 출금 계좌가 등록되어 있지 않습니다. 토스 앱에서 계좌를 다시 등록한 뒤 결제해 주세요."),
        ("EXCEED_MAX_AUTH_COUNT", 403, .shopperMustAct, "인증 횟수를 넘었습니다. 카드사에 문의하거나 다른 결제 수단으로 결제해 주세요."),
        ("EXCEED_MAX_ONE_DAY_AMOUNT", 403, .shopperMustAct, limit),
        ("NOT_AVAILABLE_BANK", 403, .shopperMustAct, "은행 서비스 시간이 아니라 결제하지 못했습니다. 잠시 후 다시 결제해 주세요."),
        ("INVALID_PASSWORD", 403, .shopperMustAct, "결제 비밀번호가 맞지 않습니다. 다시 결제해 주세요."),
        ("INCORRECT_BASIC_AUTH_FORMAT", 403, .fail, shopSetup),
        ("FDS_ERROR", 403, .shopperMustAct, "위험 거래로 감지되어 결제가 제한되었습니다. 문자로 받은 링크에서 본인 인증을 한 뒤 다시 결제해 주세요."),
        ("FORBIDDEN_CONSECUTIVE_REQUEST", 403, .retryLater, confirmLater),
        ("NOT_FOUND_PAYMENT", 404, .fail, "결제 정보를 찾을 수 없어 결제하지 않았습니다. 장바구니에서 다시 주문해 주세요."),
        ("NOT_FOUND_PAYMENT_SESSION", 404, .shopperMustAct, "결제 가능 시간이 지났습니다. 다시 결제해 주세요."),
        ("IDEMPOTENT_REQUEST_PROCESSING", 409, .retryLater, confirmLater),
        ("FAILED_PAYMENT_INTERNAL_SYSTEM_PROCESSING", 500, .retryLater, confirmLater),
        ("FAILED_INTERNAL_SYSTEM_PROCESSING", 500, .retryLater, confirmLater),
        ("UNKNOWN_PAYMENT_ERROR", 500, .retryLater, confirmLater),
    ])

    /// 결제 취소 (`POST /v1/payments/{paymentKey}/cancel`), plus the idempotency codes any cancel can meet.
    static let cancelRows = rows(.cancel, [
        ("ALREADY_CANCELED_PAYMENT", 400, .treatAsDone, "이미 취소된 결제입니다."),
        ("INVALID_REFUND_ACCOUNT_INFO", 400, .shopperMustAct, "환불 계좌의 계좌번호와 예금주가 일치하지 않습니다. 환불 계좌를 확인해 주세요."),
        ("EXCEED_CANCEL_AMOUNT_DISCOUNT_AMOUNT", 400, .shopperMustAct,
         "즉시 할인받은 금액보다 적게는 부분 취소할 수 없습니다. 취소 금액을 늘리거나 전액 취소해 주세요."),
        ("INVALID_REQUEST", 400, .fail, cancelSupport),
        ("INVALID_REFUND_ACCOUNT_NUMBER", 400, .shopperMustAct, refundAccount),
        ("INVALID_BANK", 400, .shopperMustAct, refundAccount),
        ("NOT_MATCHES_REFUNDABLE_AMOUNT", 400, .retryLater, "환불 가능 금액이 바뀌었습니다. 주문 내역을 새로 고친 뒤 다시 시도해 주세요."),
        ("PROVIDER_ERROR", 400, .retryLater, cancelLater),
        ("REFUND_REJECTED", 400, .fail, "결제사에서 환불을 거절했습니다. 고객센터로 문의해 주세요."),
        ("ALREADY_REFUND_PAYMENT", 400, .treatAsDone, "이미 환불된 결제입니다."),
        ("ALREADY_REFUNDING_PAYMENT", 400, .treatAsDone, "환불이 이미 진행 중입니다. 잠시 후 주문 내역에서 결과를 확인해 주세요."),
        ("FORBIDDEN_BANK_REFUND_REQUEST", 400, .shopperMustAct, "환불 계좌에 입금할 수 없는 상태입니다. 다른 환불 계좌를 입력해 주세요."),
        ("INVALID_IDEMPOTENCY_KEY", 400, .fail, cancelSetup),
        ("UNAUTHORIZED_KEY", 401, .fail, cancelSetup),
        ("NOT_CANCELABLE_AMOUNT", 403, .shopperMustAct, "취소할 수 없는 금액입니다. 주문 내역에서 남은 금액을 확인해 주세요."),
        ("FORBIDDEN_CONSECUTIVE_REQUEST", 403, .retryLater, "취소 요청이 잇달아 들어왔습니다. 잠시 후 다시 시도해 주세요."),
        ("FORBIDDEN_REQUEST", 403, .fail, cancelSupport),
        ("NOT_CANCELABLE_PAYMENT", 403, .fail, cancelSupport),
        ("EXCEED_MAX_REFUND_DUE", 403, .fail, "환불 가능 기간이 지났습니다. 고객센터로 문의해 주세요."),
        ("NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT", 403, .shopperMustAct, "입금 전인 가상계좌는 부분 취소할 수 없습니다. 전액 취소해 주세요."),
        ("NOT_ALLOWED_PARTIAL_REFUND", 403, .shopperMustAct, "이 결제는 부분 취소할 수 없습니다. 전액 취소해 주세요."),
        ("NOT_AVAILABLE_BANK", 403, .retryLater, "은행 점검 시간이라 환불하지 못했습니다. 잠시 후 다시 시도해 주세요."),
        ("INCORRECT_BASIC_AUTH_FORMAT", 403, .fail, cancelSetup),
        ("NOT_CANCELABLE_PAYMENT_FOR_DORMANT_USER", 403, .fail, "휴면 회원의 결제라 온라인으로 취소할 수 없습니다. 고객센터로 문의해 주세요."),
        ("EXCEED_CANCEL_LIMIT", 403, .fail, "취소 한도를 넘어 취소하지 못했습니다. 고객센터로 문의해 주세요."),
        ("NOT_FOUND_PAYMENT", 404, .fail, "결제 정보를 찾을 수 없어 취소하지 못했습니다. 고객센터로 문의해 주세요."),
        ("IDEMPOTENT_REQUEST_PROCESSING", 409, .retryLater, "취소를 처리하고 있습니다. 잠시 후 주문 내역에서 결과를 확인해 주세요."),
        ("FAILED_INTERNAL_SYSTEM_PROCESSING", 500, .retryLater, cancelLater),
        ("FAILED_REFUND_PROCESS", 500, .retryLater, cancelLater),
        ("FAILED_METHOD_HANDLING_CANCEL", 500, .retryLater, cancelLater),
        ("FAILED_PARTIAL_REFUND", 500, .retryLater, cancelLater),
        ("COMMON_ERROR", 500, .retryLater, cancelLater),
        ("FAILED_PAYMENT_INTERNAL_SYSTEM_PROCESSING", 500, .retryLater, cancelLater),
    ])
}
