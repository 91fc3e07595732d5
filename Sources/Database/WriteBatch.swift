import CSQLite

/// One piece of work for the SQLite writer thread: a unit of work to commit (with others queued beside it), or a
/// job that manages its own transactions (migrations, `VACUUM`) and runs alone.
enum WriterWork: Sendable {
    case unit(any PendingWrite)
    case alone(Job<Connection>)
}

/// A `write` waiting for the writer: runs its closure inside the batch's transaction and resumes its caller once
/// the outcome is final (committed, or rolled back).
protocol PendingWrite: AnyObject, Sendable {
    /// Runs the closure; true when it succeeded (its caller waits for the commit), false when it failed (its own
    /// writes are rolled back and its caller has its error already).
    func attempt(on connection: Connection, alone: Bool) -> Bool
    /// The transaction committed: the caller gets its value.
    func committed()
    /// The transaction was lost after this unit succeeded (the commit failed, or a later unit's error made the
    /// engine abandon it): nothing this unit wrote remains, and the caller gets `error`.
    func lost(_ error: any Error)
}

/// Commits queued writes together: one `BEGIN IMMEDIATE … COMMIT` (one WAL sync) for every unit waiting when the
/// writer comes round, each unit in a savepoint of its own so a failing one rolls back alone.
///
/// Guarantees, the same as one transaction per write: a caller resumes only when its writes are committed and
/// synced as `synchronous` says, or rolled back; units run in the order they were queued and each sees the ones
/// before it, as if serial; a unit's error undoes only its own writes. What changes is the cost under load: the
/// sync and the thread wake-up are shared by the batch instead of paid per write.
enum WriteBatch {
    /// At most this many units share a transaction, so one batch never holds the write lock for long.
    static let limit = 32

    /// Runs `work` on the writer `connection`, in order: consecutive units as batches, a job that runs alone by itself.
    static func run(_ work: [WriterWork], on connection: Connection) {
        var units: [any PendingWrite] = []
        for item in work {
            switch item {
            case .unit(let unit): units.append(unit)
            case .alone(let job):
                commit(units, on: connection)
                units = []
                job(connection)
            }
        }
        commit(units, on: connection)
    }

    private static func commit(_ units: [any PendingWrite], on connection: Connection) {
        var next = units[...]
        while !next.isEmpty {
            do {
                try connection.execute("BEGIN IMMEDIATE")
            } catch {
                for unit in next { unit.lost(error) }
                return
            }
            var succeeded: [any PendingWrite] = []
            while let unit = next.popFirst() {
                if unit.attempt(on: connection, alone: units.count == 1) {
                    succeeded.append(unit)
                    // A closure that ended the transaction itself (its own COMMIT or ROLLBACK) broke the unit of
                    // work: what it and the units before it wrote is not known to be whole, so none of them is told
                    // it committed, and the rest start a new transaction rather than run in autocommit.
                    if !connection.isInTransaction {
                        for earlier in succeeded { earlier.lost(DatabaseError.transactionEndedByWrite) }
                        succeeded = []
                        break
                    }
                } else if !connection.isInTransaction {
                    // The engine abandoned the transaction with this unit's error (SQLITE_FULL, an I/O error):
                    // the units before it lost their writes too; the rest start a new transaction.
                    for earlier in succeeded { earlier.lost(DatabaseError.abandonedTransaction) }
                    succeeded = []
                    break
                }
            }
            guard connection.isInTransaction else { continue }
            do {
                try connection.execute("COMMIT")
                for unit in succeeded { unit.committed() }
            } catch {
                connection.rollbackAfterFailure()
                for unit in succeeded { unit.lost(error) }
            }
        }
    }
}

/// A `write` of a value of type `T`, waiting in the writer's queue.
final class PendingWriteUnit<T: Sendable>: PendingWrite, @unchecked Sendable {
    // Touched only on the writer thread after the push (the queue's lock orders the hand-over).
    private let body: @Sendable (Connection) throws -> T
    private let observation: PoolJobObservation
    private let continuation: CheckedContinuation<T, any Error>
    private var value: T?

    init(body: @escaping @Sendable (Connection) throws -> T, observation: PoolJobObservation,
         continuation: CheckedContinuation<T, any Error>) {
        self.body = body
        self.observation = observation
        self.continuation = continuation
    }

    func attempt(on connection: Connection, alone: Bool) -> Bool {
        // Alone in its transaction, a failure rolls the whole transaction back, as a plain BEGIN … COMMIT would. In a
        // batch, a savepoint of the batch's own name, so a unit's own `savepoint` inside it never releases it.
        let result = observation.run { alone ? try body(connection) : try connection.withSavepointStatements(named: "batched_unit") { try body(connection) } }
        switch result {
        case .success(let value):
            self.value = value
            return true
        case .failure(let error):
            if alone { connection.rollbackAfterFailure() }
            continuation.resume(throwing: error)
            return false
        }
    }

    func committed() {
        guard let value else { return lost(DatabaseError.abandonedTransaction) }
        continuation.resume(returning: value)
    }

    func lost(_ error: any Error) { continuation.resume(throwing: error) }
}

extension DatabaseError {
    /// What the units of a batch are told when one of their closures ended the transaction by itself.
    static let transactionEndedByWrite = DatabaseError(
        extendedCode: SQLITE_MISUSE, message: "a write closure ended the transaction itself; open nested units with savepoint")

    /// What a write that had succeeded is told when the transaction it was in did not commit.
    static let abandonedTransaction = DatabaseError(
        extendedCode: SQLITE_ABORT, message: "the transaction was rolled back after this write ran (another write in its batch failed it, or the commit did)")
}
