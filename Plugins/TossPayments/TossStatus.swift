import PluginKit

extension PaymentRecord.Status {
    /// Toss's `status` strings (TOSS_API.md §4.5) to the neutral status; anything new becomes `.unknown`.
    public init(toss value: String) {
        self = switch value {
        case "READY": .ready
        case "IN_PROGRESS": .inProgress
        case "WAITING_FOR_DEPOSIT": .waitingForDeposit
        case "DONE": .done
        case "CANCELED": .canceled
        case "PARTIAL_CANCELED": .partialCanceled
        case "ABORTED": .aborted
        case "EXPIRED": .expired
        default: .unknown(value)
        }
    }
}
