import Foundation

/// Switches that make the sandbox misbehave the way a network or Toss can, so tests prove the
/// storefront's handling: a slow confirm, a confirm whose answer is lost after it took effect,
/// and error answers that change nothing. Counters count down as they fire.
///
/// Guarantees: an armed error answers with the code and the HTTP status Toss documents for it, and like
/// any answer below 500 it is stored under the request's Idempotency-Key and replayed to a retry with that
/// key (TOSS_API.md §1), so a test sees what a shop that retries under the same key would see.
public struct SandboxFaults: Sendable, Equatable {
    /// Every confirm waits this long after it arrived before doing anything; lowering it lets waiting confirms go.
    public var confirmDelayMilliseconds = 0
    /// The next N confirms take effect but answer only after `dropHoldMilliseconds`, long after a
    /// client with a shorter timeout has given up: the "lost answer" case.
    public var dropNextConfirms = 0
    public var dropHoldMilliseconds = 3_000
    /// The next N confirms answer `confirmErrorCode` and change nothing.
    public var failNextConfirms = 0
    /// The next N cancels answer `cancelErrorCode` and change nothing.
    public var failNextCancels = 0
    /// The error a failing confirm answers with: one of the codes `TossPayments-Test-Code` takes.
    public var confirmErrorCode = "FAILED_INTERNAL_SYSTEM_PROCESSING"
    /// The error a failing cancel answers with: one of the codes `TossPayments-Test-Code` takes.
    public var cancelErrorCode = "FAILED_INTERNAL_SYSTEM_PROCESSING"

    public init(confirmDelayMilliseconds: Int = 0, dropNextConfirms: Int = 0, dropHoldMilliseconds: Int = 3_000,
                failNextConfirms: Int = 0, failNextCancels: Int = 0,
                confirmErrorCode: String = "FAILED_INTERNAL_SYSTEM_PROCESSING", cancelErrorCode: String = "FAILED_INTERNAL_SYSTEM_PROCESSING") {
        self.confirmDelayMilliseconds = confirmDelayMilliseconds
        self.dropNextConfirms = dropNextConfirms
        self.dropHoldMilliseconds = dropHoldMilliseconds
        self.failNextConfirms = failNextConfirms
        self.failNextCancels = failNextCancels
        self.confirmErrorCode = confirmErrorCode
        self.cancelErrorCode = cancelErrorCode
    }

    static let counts = ["confirmDelayMilliseconds", "dropNextConfirms", "dropHoldMilliseconds", "failNextConfirms", "failNextCancels"]
    static let codes = ["confirmErrorCode", "cancelErrorCode"]

    /// Reads `POST /sandbox/faults`: a JSON object with any of the fields; others are an error, and so is an
    /// error code the sandbox cannot answer with.
    init(json: Data, base: SandboxFaults) throws(TossAPIError) {
        guard let object = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any] else {
            throw .invalidRequest("faults must be a JSON object")
        }
        self = base
        for (key, value) in object {
            if Self.codes.contains(key) {
                guard let code = value as? String, TossAPIError.forced(code: code) != nil else {
                    throw .invalidRequest("\(key) must be an error code the sandbox knows (TossPayments-Test-Code)")
                }
                if key == "confirmErrorCode" { confirmErrorCode = code } else { cancelErrorCode = code }
                continue
            }
            guard let number = value as? Int, number >= 0 else { throw .invalidRequest("\(key) must be a non-negative integer") }
            switch key {
            case "confirmDelayMilliseconds": confirmDelayMilliseconds = number
            case "dropNextConfirms": dropNextConfirms = number
            case "dropHoldMilliseconds": dropHoldMilliseconds = number
            case "failNextConfirms": failNextConfirms = number
            case "failNextCancels": failNextCancels = number
            default: throw .invalidRequest("unknown fault \(key); known: \((Self.counts + Self.codes).joined(separator: ", "))")
            }
        }
    }

    /// The answer an armed confirm gives.
    var confirmError: TossAPIError { TossAPIError.forced(code: confirmErrorCode) ?? .internalError }
    /// The answer an armed cancel gives.
    var cancelError: TossAPIError { TossAPIError.forced(code: cancelErrorCode) ?? .internalError }

    var json: [String: Any] {
        ["confirmDelayMilliseconds": confirmDelayMilliseconds, "dropNextConfirms": dropNextConfirms,
         "dropHoldMilliseconds": dropHoldMilliseconds, "failNextConfirms": failNextConfirms, "failNextCancels": failNextCancels,
         "confirmErrorCode": confirmErrorCode, "cancelErrorCode": cancelErrorCode]
    }
}
