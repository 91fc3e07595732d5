import CSQLite
import Dispatch
import Foundation

/// The way into a database file from async code: one writer connection and a few readers.
///
/// Each connection lives on its own dedicated thread (not the Swift cooperative pool), so a
/// slow query or a lock wait never stalls tasks or an HTTP event loop; `read` and `write`
/// queue a closure to those threads and suspend until it finishes.
///
/// Guarantees:
/// - Writes are serialized on the single writer; each `write` runs in `BEGIN IMMEDIATE … COMMIT`
///   and rolls back completely if its closure throws.
/// - Reads run concurrently on reader connections (`query_only`), seeing the last committed state
///   thanks to WAL, never blocking the writer.
/// - Every connection has WAL, `foreign_keys=ON`, `busy_timeout` and the configured `synchronous`.
public final class DatabasePool: DatabaseWriter {
    public var engine: DatabaseEngine { .sqlite }
    /// The database file.
    public let path: String
    public let configuration: DatabaseConfiguration
    private let writer: JobQueue
    private let readers: JobQueue
    private let threads = DispatchGroup()

    /// Opens the pool's connections (creating the file if needed); throws if any cannot be opened.
    /// `path` must be a file: WAL with several connections needs one (not `:memory:`).
    public init(path: String, configuration: DatabaseConfiguration = .init()) async throws {
        self.path = path
        self.configuration = configuration
        writer = JobQueue(consumers: 1)
        readers = JobQueue(consumers: configuration.readerCount)
        do {
            // The writer opens first: it is the one that switches the file to WAL.
            try await Self.startThread(name: "sqlite-writer", queue: writer, group: threads) {
                try Connection(path: path, configuration: configuration)
            }
            for index in 0..<configuration.readerCount {
                try await Self.startThread(name: "sqlite-reader-\(index)", queue: readers, group: threads) {
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
        try await submit(to: readers, body)
    }

    /// Runs `body` on the writer connection inside `BEGIN IMMEDIATE … COMMIT`;
    /// if `body` throws, everything it wrote is rolled back and the error is rethrown.
    @discardableResult
    public func write<T: Sendable>(_ body: @escaping @Sendable (any DatabaseConnection) throws -> T) async throws -> T {
        try await submit(to: writer) { connection in try connection.inTransaction { try body(connection) } }
    }

    /// Runs `body` on the writer connection with no transaction around it — for work that manages
    /// its own transactions (migrations) or cannot run inside one (`VACUUM`).
    @discardableResult
    public func writeWithoutTransaction<T: Sendable>(_ body: @escaping @Sendable (any DatabaseConnection) throws -> T) async throws -> T {
        try await submit(to: writer) { connection in
            defer { connection.rollbackAfterFailure() } // never leave a transaction open on the shared writer
            return try body(connection)
        }
    }

    /// Stops accepting work, lets queued work finish, and waits until every connection is closed.
    public func close() async {
        writer.close()
        readers.close()
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            threads.notify(queue: .global()) { done.resume() }
        }
    }

    private func submit<T: Sendable>(to queue: JobQueue,
                                     _ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try Task.checkCancellation()
        let path = self.path
        return try await withCheckedThrowingContinuation { continuation in
            let accepted = queue.push { connection in
                continuation.resume(with: Result { try body(connection) })
            }
            if !accepted {
                continuation.resume(throwing: DatabaseError(extendedCode: SQLITE_MISUSE, message: "database pool for \(path) is closed"))
            }
        }
    }

    /// Starts a thread that opens its own connection, reports the outcome, then serves `queue`
    /// until it closes. The connection is a local of the thread, so it closes when the thread ends.
    private static func startThread(name: String, queue: JobQueue, group: DispatchGroup,
                                    open: @escaping @Sendable () throws -> Connection) async throws {
        try await withCheckedThrowingContinuation { (opened: CheckedContinuation<Void, any Error>) in
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                let connection: Connection
                do {
                    connection = try open()
                } catch {
                    opened.resume(throwing: error)
                    return
                }
                opened.resume()
                while let job = queue.next() { job(connection) }
            }
            thread.name = name
            thread.start()
        }
    }
}
