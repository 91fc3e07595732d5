import Database
import Dispatch
import Foundation

/// The sandbox's ledger on disk, so a restarted sandbox still knows every payment it opened, approved or
/// refunded (Toss never forgets one, and a shop must be able to refund an order paid before a restart).
///
/// Guarantees:
/// - One SQLite file of its own with its own schema (`sandbox_payment`), never the shop's database.
/// - A change is on disk before the API answers it: `save` returns once its transaction committed.
/// - Writes that finish out of order cannot undo a later change: each row keeps the revision it was
///   written at, and an older revision never overwrites a newer one.
/// - SQLite work runs on the store's own serial queue, never on an event loop or the cooperative pool.
final class SandboxStore: Sendable {
    let path: String
    /// Touched only on `queue`.
    private let connection: Connection
    private let queue: DispatchQueue

    static let migrator = Migrator([
        Migration(version: 1, name: "sandbox payments", sql: """
            CREATE TABLE sandbox_payment (
                payment_key TEXT    PRIMARY KEY,
                order_id    TEXT    NOT NULL,
                revision    INTEGER NOT NULL,
                payment     TEXT    NOT NULL -- the SandboxPayment as JSON
            );
            CREATE INDEX sandbox_payment_by_order ON sandbox_payment (order_id);
            """),
    ])

    /// Opens (creating if needed) the ledger file and brings its schema up to date.
    init(path: String) throws {
        self.path = path
        connection = try Connection(path: path)
        try Self.migrator.migrate(connection)
        queue = DispatchQueue(label: "toss-sandbox-ledger")
    }

    /// Every payment on file with the revision it was saved at. Called once, before the sandbox listens.
    func load() throws -> [(payment: SandboxPayment, revision: Int)] {
        let decoder = JSONDecoder()
        return try queue.sync {
            try connection.query("SELECT payment, revision FROM sandbox_payment") { row throws(DatabaseError) in
                (try row.string("payment"), try row.int("revision"))
            }.map { json, revision in (try decoder.decode(SandboxPayment.self, from: Data(json.utf8)), revision) }
        }
    }

    /// Writes `payment` as it is at `revision`, unless the file already holds a later revision of it.
    func save(_ payment: SandboxPayment, revision: Int) async throws {
        let json = String(decoding: try JSONEncoder().encode(payment), as: UTF8.self)
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            queue.async { [connection] in
                do {
                    try connection.execute("""
                        INSERT INTO sandbox_payment (payment_key, order_id, revision, payment) VALUES (?, ?, ?, ?)
                        ON CONFLICT (payment_key) DO UPDATE SET revision = excluded.revision, payment = excluded.payment
                        WHERE excluded.revision > sandbox_payment.revision
                        """, [payment.paymentKey, payment.orderId, revision, json])
                    done.resume()
                } catch {
                    done.resume(throwing: error)
                }
            }
        }
    }
}
