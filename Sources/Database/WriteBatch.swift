import CSQLite

/// One piece of work for the SQLite writer thread: a unit of work to commit (with others queued beside it), or a
/// job that manages its own transactions (migrations, `VACUUM`) and runs alone.
enum WriterWork: Sendable {
    case unit(any PendingWrite)
    case alone(Job<Connection>)
}

/// A `write` waiting for the writer: runs its closure inside the batch's transaction and resumes its caller once
/// the transaction has ended, so what the caller reads next includes every write committed before its own.
protocol PendingWrite: AnyObject, Sendable {
    /// Runs the closure; true when it succeeded, false when it failed (its own writes are rolled back).
    func attempt(on connection: Connection, alone: Bool) -> Bool
    /// The transaction ended: committed when `lost` is nil. A unit that succeeded gets its value, or `lost` when
    /// the transaction did not commit; a unit that failed gets its own error either way.
    func finish(lost: (any Error)?)
}

/// Commits queued writes together: one `BEGIN IMMEDIATE … COMMIT` (one WAL sync) for every unit waiting when the
/// writer comes round, each unit in a savepoint of its own so a failing one rolls back alone.
///
/// Guarantees, the same as one transaction per write: a caller resumes only when the transaction its write ran in
/// has ended (committed and synced as `synchronous` says, or rolled back), also when its own write failed, so a
/// caller that reacts to a failure (a duplicate key: read who has it) sees the writes batched before its own; units
/// run in the order they were queued and each sees the ones before it, as if serial; a unit's error undoes only its
/// own writes. What changes is the cost under load: the sync and the thread wake-up are shared by the batch.
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
                // The write lock up front: another process's writer and this one never deadlock upgrading a read lock.
                try connection.execute("BEGIN IMMEDIATE")
            } catch {
                for unit in next { unit.finish(lost: error) }
                return
            }
            var attempted: [any PendingWrite] = []
            while let unit = next.popFirst() {
                let succeeded = unit.attempt(on: connection, alone: units.count == 1)
                attempted.append(unit)
                guard connection.isInTransaction else {
                    // Succeeded: the closure ended the transaction itself (its own COMMIT or ROLLBACK), so what it
                    // and the units before it wrote is not known to be whole. Failed: the engine abandoned the
                    // transaction with its error (SQLITE_FULL, an I/O error) and the earlier units' writes with it.
                    // Either way none of them is told it committed; the rest start a new transaction.
                    let lost = succeeded ? DatabaseError.transactionEndedByWrite : DatabaseError.abandonedTransaction
                    for earlier in attempted { earlier.finish(lost: lost) }
                    attempted = []
                    break
                }
            }
            guard !attempted.isEmpty else { continue }
            do {
                try connection.execute("COMMIT")
                for unit in attempted { unit.finish(lost: nil) }
            } catch {
                connection.rollbackAfterFailure()
                for unit in attempted { unit.finish(lost: error) }
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
    private var outcome: Result<T, any Error>?

    init(body: @escaping @Sendable (Connection) throws -> T, observation: PoolJobObservation,
         continuation: CheckedContinuation<T, any Error>) {
        self.body = body
        self.observation = observation
        self.continuation = continuation
    }

    func attempt(on connection: Connection, alone: Bool) -> Bool {
        // Alone in its transaction, a failure rolls the whole transaction back, as a plain BEGIN … COMMIT would. In a
        // batch, a savepoint of the batch's own name, so a unit's own `savepoint` inside it never releases it.
        let result = observation.run {
            alone ? try body(connection) : try connection.withSavepointStatements(named: "batched_unit") { try body(connection) }
        }
        outcome = result
        if case .failure = result {
            if alone { connection.rollbackAfterFailure() }
            return false
        }
        return true
    }

    func finish(lost: (any Error)?) {
        switch outcome {
        case .success(let value):
            if let lost { continuation.resume(throwing: lost) } else { continuation.resume(returning: value) }
        case .failure(let error):
            continuation.resume(throwing: error)
        case nil:
            continuation.resume(throwing: lost ?? DatabaseError.abandonedTransaction)
        }
    }
}

extension DatabaseError {
    /// What the units of a batch are told when one of their closures ended the transaction by itself.
    static let transactionEndedByWrite = DatabaseError(
        extendedCode: SQLITE_MISUSE, message: "a write closure ended the transaction itself; open nested units with savepoint")

    /// What a write that had succeeded is told when the transaction it was in did not commit.
    static let abandonedTransaction = DatabaseError(
        extendedCode: SQLITE_ABORT, message: "the transaction was rolled back after this write ran (another write in its batch failed it, or the commit did)")
}
