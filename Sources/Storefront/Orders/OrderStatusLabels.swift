extension OrderStatus {
    /// The one table of order status labels: every page that names a status (badges, the receipt's heading, page
    /// titles, the back office) takes its word from here, so one state has one word everywhere. The words are
    /// the ones Korean shops show (결제 완료, 취소 완료), not the state machine's.
    public var label: String {
        switch self {
        case .pending: "결제 대기"
        case .confirming: "결제 확인 중"
        case .paid: "결제 완료"
        case .waitingForDeposit: "입금 대기"
        case .failed: "결제 실패"
        case .canceled: "취소 완료"
        case .expired: "기한 만료"
        }
    }
}
