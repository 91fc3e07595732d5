import Foundation
import HTTP
import Synchronization

/// Toss's Idempotency-Key rules (TOSS_API.md §1): the identity is key + API key + method + URL (not
/// the body); a repeat within 15 days replays the first answer, errors included; a repeat while the
/// first is still running answers 409 IDEMPOTENT_REQUEST_PROCESSING.
final class IdempotencyStore: Sendable {
    enum Begin {
        case started
        case replay(Response)
        case busy
    }

    private enum Entry {
        case running
        case done(Response, Date)
    }

    private let entries = Mutex<[String: Entry]>([:])
    static let lifetime: TimeInterval = 15 * 24 * 3600

    func begin(_ identity: String, now: Date) -> Begin {
        entries.withLock { entries in
            switch entries[identity] {
            case .running?: return .busy
            case .done(let response, let at)? where now.timeIntervalSince(at) < Self.lifetime: return .replay(response)
            default:
                entries[identity] = .running
                return .started
            }
        }
    }

    /// How many requests are running now (tests wait for one to be under way instead of sleeping).
    var runningCount: Int {
        entries.withLock { entries in entries.values.filter { if case .running = $0 { true } else { false } }.count }
    }

    func forget(_ identity: String) { _ = entries.withLock { $0.removeValue(forKey: identity) } }

    func finish(_ identity: String, response: Response, now: Date) {
        entries.withLock { $0[identity] = .done(response, now) }
    }
}
