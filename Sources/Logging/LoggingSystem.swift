import Synchronization

/// Chooses, once per process, the handler behind `Logger(label:)`. The executable bootstraps it at startup;
/// libraries never do, they take the `Logger` they are given.
///
/// Guarantees: only the first `bootstrap` takes effect (a second one returns false and changes nothing), so no
/// library can redirect the operator's log. Before any bootstrap, labels get a `LineLogHandler` on standard
/// output at `info`, shared by all of them.
public enum LoggingSystem {
    public typealias Factory = @Sendable (_ label: String) -> any LogHandler

    private static let factory = Mutex<Factory?>(nil)
    private static let fallback = LineLogHandler()

    /// Makes `make` the source of every `Logger(label:)` handler from now on. Returns false (and keeps the
    /// first) when the system was already bootstrapped.
    @discardableResult
    public static func bootstrap(_ make: @escaping Factory) -> Bool {
        factory.withLock { current in
            guard current == nil else { return false }
            current = make
            return true
        }
    }

    static func handler(for label: String) -> any LogHandler {
        guard let make = factory.withLock({ $0 }) else { return fallback }
        return make(label)
    }
}
