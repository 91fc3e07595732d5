import Foundation

/// Switches that make the sandbox misbehave the way a network or Toss can, so tests prove the
/// storefront's handling: a slow confirm, a confirm whose answer is lost after it took effect,
/// and 500s that change nothing. Counters count down as they fire.
public struct SandboxFaults: Sendable, Equatable {
    /// Every confirm waits this long before doing anything.
    public var confirmDelayMilliseconds = 0
    /// The next N confirms take effect but answer only after `dropHoldMilliseconds`, long after a
    /// client with a shorter timeout has given up: the "lost answer" case.
    public var dropNextConfirms = 0
    public var dropHoldMilliseconds = 3_000
    /// The next N confirms answer 500 FAILED_INTERNAL_SYSTEM_PROCESSING and change nothing.
    public var failNextConfirms = 0
    /// The next N cancels answer 500 and change nothing.
    public var failNextCancels = 0

    public init(confirmDelayMilliseconds: Int = 0, dropNextConfirms: Int = 0, dropHoldMilliseconds: Int = 3_000,
                failNextConfirms: Int = 0, failNextCancels: Int = 0) {
        self.confirmDelayMilliseconds = confirmDelayMilliseconds
        self.dropNextConfirms = dropNextConfirms
        self.dropHoldMilliseconds = dropHoldMilliseconds
        self.failNextConfirms = failNextConfirms
        self.failNextCancels = failNextCancels
    }

    static let fields = ["confirmDelayMilliseconds", "dropNextConfirms", "dropHoldMilliseconds", "failNextConfirms", "failNextCancels"]

    /// Reads `POST /sandbox/faults`: a JSON object with any of the fields; others are an error.
    init(json: Data, base: SandboxFaults) throws(TossAPIError) {
        guard let object = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any] else {
            throw .invalidRequest("faults must be a JSON object")
        }
        self = base
        for (key, value) in object {
            guard let number = value as? Int, number >= 0 else { throw .invalidRequest("\(key) must be a non-negative integer") }
            switch key {
            case "confirmDelayMilliseconds": confirmDelayMilliseconds = number
            case "dropNextConfirms": dropNextConfirms = number
            case "dropHoldMilliseconds": dropHoldMilliseconds = number
            case "failNextConfirms": failNextConfirms = number
            case "failNextCancels": failNextCancels = number
            default: throw .invalidRequest("unknown fault \(key); known: \(Self.fields.joined(separator: ", "))")
            }
        }
    }

    var json: [String: Int] {
        ["confirmDelayMilliseconds": confirmDelayMilliseconds, "dropNextConfirms": dropNextConfirms,
         "dropHoldMilliseconds": dropHoldMilliseconds, "failNextConfirms": failNextConfirms, "failNextCancels": failNextCancels]
    }
}
