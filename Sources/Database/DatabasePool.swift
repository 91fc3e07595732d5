import CSQLite
import Dispatch
import Foundation
import Synchronization

/// The way into a database file from async code: one writer connection and a few readers.
///
/// Each connection lives on its own dedicated thread (not the Swift cooperative pool), so a
/// slow query or a lock wait never stalls tasks or an HTTP event loop; `read` and `write`
/// queue a closure to those threads and suspend until it finishes.
///
/// Guarantees:
/// - Writes are serialized on the single writer; each `write` is atomic (it rolls back completely if its closure
///   throws) and its caller resumes only once it is committed. Writes queued together share one
///   `BEGIN IMMEDIATE … COMMIT`, each in a savepoint of its own (`WriteBatch`): one WAL sync for all of them.
/// - Reads run concurrently on reader connections (`query_only`), seeing the last committed state
///   thanks to WAL, never blocking the writer.
/// - Every connection has WAL, `foreign_keys=ON`, `busy_timeout` and the configured `synchronous`.
public final class DatabasePool: DatabaseWriter {
    public var engine: DatabaseEngine { .sqlite }
    /// The database file.
    public let path: String
    public let configuration: DatabaseConfiguration
    private let writer: JobQueue<WriterWork>
    private let readers: JobQueue<Job<Connection>>
    private let threads = DispatchGroup()
    private let observer = Mutex<(any PoolObserver)?>(nil)

    /// Opens the pool's connections (creating the file if needed); throws if any cannot be opened.
    /// `path` must be a file: WAL with several connections needs one (not `:memory:`).
    public init(path: String, configuration: DatabaseConfiguration = .init()) async throws {
        self.path = path
        self.configuration = configuration
        writer = JobQueue(consumers: 1)
        readers = JobQueue(consumers: configuration.readerCount)
        do {
            // The writer opens first: it is the one that switches the file to WAL.
            let writer = self.writer
            try await writer.startThread(name: "sqlite-writer", group: threads, open: {
                try Connection(path: path, configuration: configuration)
            }, serve: { connection in
                while let work = writer.nextBatch(upTo: WriteBatch.limit) { WriteBatch.run(work, on: connection) }
            })
            for index in 0..<configuration.readerCount {
                try await readers.startConsumer(name: "sqlite-reader-\(index)", group: threads) {
                    try Connection(path: path, configuration: configuration, readOnly: true)
                }
            }
        } catch {
            writer.close()
            readers.close()
            throw error
        }
    }

    deinit {
        writer.close()
        readers.close()
    }

    /// Runs `body` on a reader connection and returns its result.
    @discardableResult
    public func read<T: Sendable>(_ body: @escaping @Sendable (any DatabaseConnection) throws -> T) async throws -> T {
        try await enqueue(on: readers, role: .reader) { continuation, observation in
            { connection in continuation.resume(with: observation.run { try body(connection) }) }
        }
    }

    /// Runs `body` on the writer connection inside a transaction and returns once it is committed;
    /// if `body` throws, everything it wrote is rolled back and the error is rethrown.
    @discardableResult
    public func write<T: Sendable>(_ body: @escaping @Sendable (any DatabaseConnection) throws -> T) async throws -> T {
        try await enqueue(on: writer, role: .writer) { continuation, observation in
            .unit(PendingWriteUnit(body: body, observation: observation, continuation: continuation))
        }
    }

    /// Runs `body` on the writer connection with no transaction around it — for work that manages
    /// its own transactions (migrations) or cannot run inside one (`VACUUM`).
    @discardableResult
    public func writeWithoutTransaction<T: Sendable>(_ body: @escaping @Sendable (any DatabaseConnection) throws -> T) async throws -> T {
        try await enqueue(on: writer, role: .writer) { continuation, observation in
            .alone { connection in
                continuation.resume(with: observation.run {
                    defer { connection.rollbackAfterFailure() } // never leave a transaction open on the shared writer
                    return try body(connection)
                })
            }
        }
    }

    /// Reports every later job's wait and database error to `observer` (replacing any earlier one).
    public func observe(_ observer: any PoolObserver) { self.observer.withLock { $0 = observer } }

    /// Stops accepting work, lets queued work finish, and waits until every connection is closed.
    public func close() async {
        writer.close()
        readers.close()
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            threads.notify(queue: .global()) { done.resume() }
        }
    }

    /// Queues what `make` builds around the caller's continuation on `queue` and suspends until it resumes it;
    /// a closed pool answers at once with an error.
    private func enqueue<Element: Sendable, T: Sendable>(
        on queue: JobQueue<Element>, role: PoolRole,
        _ make: (CheckedContinuation<T, any Error>, PoolJobObservation) -> Element
    ) async throws -> T {
        try Task.checkCancellation()
        let observation = PoolJobObservation(observer.withLock { $0 }, role: role)
        let path = self.path
        return try await withCheckedThrowingContinuation { continuation in
            if !queue.push(make(continuation, observation)) {
                continuation.resume(throwing: DatabaseError(extendedCode: SQLITE_MISUSE, message: "database pool for \(path) is closed"))
            }
        }
    }
}
