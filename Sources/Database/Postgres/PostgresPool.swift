import Dispatch
import Foundation
import Synchronization

/// The way into a PostgreSQL database from async code: `poolSize` connections, each on a thread of its own.
///
/// libpq blocks, so every closure runs on one of the pool's dedicated threads, never on an event loop or
/// the cooperative pool. Guarantees:
/// - `write` runs its closure in `BEGIN READ WRITE … COMMIT` and rolls back everything when it throws; `read`
///   runs in autocommit on a connection whose statements are read-only by default (one round trip a query), so a
///   read that tries to write fails as it does on SQLite's query-only readers.
/// - A caller waits at most `poolTimeoutMilliseconds` for a free connection, then gets `.poolTimeout`
///   naming the wait; its closure then never runs.
/// - A connection the server dropped is replaced on its next use. When even `BEGIN` finds it gone,
///   nothing of the closure has run, so the pool reconnects and starts over once; a read, which changes
///   nothing, starts over once whichever of its queries found the connection gone.
public final class PostgresPool: DatabaseWriter {
    public var engine: DatabaseEngine { .postgres }
    public let configuration: PostgresConfiguration
    private let queue: JobQueue<Job<PostgresSlot>>
    private let threads = DispatchGroup()
    private let observer = Mutex<(any PoolObserver)?>(nil)

    /// Opens every connection up front, so a bad URL, an unreachable server or a refused login stops
    /// startup with libpq's reason instead of failing the first request.
    public init(configuration: PostgresConfiguration) async throws {
        self.configuration = configuration
        queue = JobQueue(consumers: configuration.poolSize)
        do {
            for index in 0..<configuration.poolSize {
                // The first connection opens on the thread, so a server that cannot be reached stops startup.
                try await queue.startConsumer(name: "postgres-\(index)", group: threads) {
                    let slot = PostgresSlot(configuration: configuration)
                    _ = try slot.connection()
                    return slot
                }
            }
        } catch {
            queue.close()
            throw error
        }
    }

    deinit { queue.close() }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any DatabaseConnection) throws -> T) async throws -> T {
        try await submit(role: .reader) { slot in try slot.read { connection in try body(connection) } }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any DatabaseConnection) throws -> T) async throws -> T {
        try await submit(role: .writer) { slot in try slot.transaction { connection in try body(connection) } }
    }

    public func writeWithoutTransaction<T: Sendable>(_ body: @escaping @Sendable (any DatabaseConnection) throws -> T) async throws -> T {
        try await submit(role: .writer) { slot in
            try slot.use { connection in
                // Outside a transaction the pool's connections are read-only; this closure writes (migrations).
                try connection.simple("SET default_transaction_read_only = off")
                defer {
                    connection.rollbackAfterFailure() // never hand the next caller an open transaction
                    if (try? connection.simple("SET default_transaction_read_only = on")) == nil { connection.markBroken() }
                }
                return try body(connection)
            }
        }
    }

    /// Reports every later job's wait for a connection and its database errors to `observer` (replacing any earlier one).
    public func observe(_ observer: any PoolObserver) { self.observer.withLock { $0 = observer } }

    /// Stops accepting work, lets queued work finish, and waits until every connection is closed.
    public func close() async {
        queue.close()
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            threads.notify(queue: .global()) { done.resume() }
        }
    }

    private func submit<T: Sendable>(role: PoolRole, _ body: @escaping @Sendable (PostgresSlot) throws -> T) async throws -> T {
        try Task.checkCancellation()
        let wait = configuration.poolTimeoutMilliseconds
        let size = configuration.poolSize
        let observation = PoolJobObservation(observer.withLock { $0 }, role: role)
        return try await withCheckedThrowingContinuation { continuation in
            // Whoever claims first answers: a thread that picked the job up, or the timer.
            let claim = Claim()
            let accepted = queue.push { slot in
                guard claim.take() else { return }
                continuation.resume(with: observation.run { try body(slot) })
            }
            guard accepted else {
                if claim.take() {
                    continuation.resume(throwing: DatabaseError(kind: .connectionLost, message: "the PostgreSQL pool is closed"))
                }
                return
            }
            // A job the timer claimed stays queued until a thread drops it unrun.
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(wait)) {
                guard claim.take() else { return }
                let timeout = DatabaseError(kind: .poolTimeout,
                                            message: "no free PostgreSQL connection within \(wait) ms (all \(size) of database.poolSize busy)")
                observation.observer?.failed(timeout, role: role)
                continuation.resume(throwing: timeout)
            }
        }
    }
}

/// A one-time flag: the first `take()` gets `true`, every later one `false`.
private final class Claim: Sendable {
    private let taken = Atomic<Bool>(false)
    func take() -> Bool { taken.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged }
}

/// One pool thread's connection, reopened when the server dropped it. Lives on that thread only; the
/// `@unchecked Sendable` lets jobs, which are handed to exactly that thread, name it.
final class PostgresSlot: @unchecked Sendable {
    private let configuration: PostgresConfiguration
    private var current: PostgresConnection?

    init(configuration: PostgresConfiguration) { self.configuration = configuration }

    /// The live connection, opening a new one when there is none or the last one broke.
    func connection() throws(DatabaseError) -> PostgresConnection {
        if let current, !current.isBroken { return current }
        current = nil
        let fresh = try PostgresConnection(configuration: configuration, readOnlyByDefault: true)
        current = fresh
        return fresh
    }

    /// Runs `body` on the connection, dropping it afterwards if the server went away meanwhile.
    func use<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let connection = try connection()
        defer { if connection.isBroken { current = nil } }
        return try body(connection)
    }

    /// `body` in a read-write transaction. A connection found dead at `BEGIN` (the server restarted while it sat
    /// idle) is replaced and the transaction started again: nothing of `body` ran on the dead one.
    func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        do {
            return try use { connection in try connection.transaction { try body(connection) } }
        } catch let error as DatabaseError where error.kind == .connectionLost && error.sql?.hasPrefix("BEGIN") == true {
            return try use { connection in try connection.transaction { try body(connection) } }
        }
    }

    /// `body` in autocommit, every statement read-only. Found dead, the connection is replaced and `body` run
    /// again: a read changed nothing the first time.
    func read<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        func attempt() throws -> T {
            try use { connection in
                connection.lentForReading = true
                defer { connection.lentForReading = false }
                return try body(connection)
            }
        }
        do {
            return try attempt()
        } catch let error as DatabaseError where error.kind == .connectionLost {
            return try attempt()
        }
    }
}
