import Database
import Foundation

/// `storefront copy-database`: moves a shop's SQLite file into an empty PostgreSQL database, for the shop
/// that has outgrown its file.
///
/// Guarantees: the source is read, never written; the target is migrated to the same schema version and must
/// hold no rows (a second copy, or a copy into a running shop, is refused before anything is written); every
/// table is copied in one transaction (all or nothing) with its ids, and every identity sequence is set past
/// the largest copied id, so the next order gets a fresh number. The two-character search pairs are rebuilt by
/// PostgreSQL's trigger as products arrive. Rows written before today's money bounds (migration 6) are kept as
/// they are, as on SQLite: the bound triggers are off for the copy's transaction only.
public enum DatabaseCopy {
    /// Tables in an order that satisfies every foreign key, with their identity column.
    static let tables: [(name: String, id: String?)] = [
        ("users", "user_id"), ("product", "product_id"), ("cart", "cart_id"), ("web_payment", "web_payment_id"),
        ("web_payment_item", "web_payment_item_id"), ("toss_payment", "toss_payment_id"), ("sessions", nil),
        ("login_throttle", nil), ("outbox", "outbox_id"), ("processed_event", nil), ("product_review", "review_id"),
        ("user_consent", nil), ("payment_ledger", nil), ("bank_deposit_claim", nil), ("staff", nil), ("staff_sessions", nil), ("audit_log", "audit_id"),
        ("address_book", "address_id"), ("order_delivery", nil), ("order_return", "return_id"), ("order_return_line", nil),
        ("stock_ledger", "entry_id"), ("order_refund", "refund_id"), ("order_refund_line", nil),
        ("product_image", "image_id"), ("product_import", nil),
    ]

    /// The bound triggers of migration 6 (`StorefrontSchemaPostgres.postgresOrderBounds`), by table.
    static let boundTriggers: [(table: String, trigger: String)] = [
        ("product", "product_price_max_insert"), ("product", "product_price_max_update"),
        ("cart", "cart_quantity_max_insert"), ("cart", "cart_quantity_max_update"),
        ("web_payment_item", "web_payment_item_max_insert"), ("web_payment", "web_payment_total_max_insert"),
        ("web_payment", "web_payment_customer_name_length_insert"),
    ]

    /// A copy that cannot be made; `message` says why, in one line.
    public struct Refusal: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Copies the SQLite file at `sqlitePath` into the database `target` names; returns the rows copied per table.
    @discardableResult
    public static func copy(sqlitePath: String, to target: PostgresConfiguration) throws -> [String: Int] {
        guard FileManager.default.fileExists(atPath: sqlitePath) else { throw Refusal(message: "no SQLite file at \(sqlitePath)") }
        let source = try Connection(path: sqlitePath, readOnly: true)
        let version = try Migrator.version(of: source)
        guard version == StorefrontSchema.migrator.latestVersion else {
            throw Refusal(message: "\(sqlitePath) is at schema version \(version); run storefront migrate on it first "
                                   + "(this build copies version \(StorefrontSchema.migrator.latestVersion))")
        }
        let destination = try PostgresConnection(configuration: target)
        try StorefrontSchema.migrator.migrate(destination)
        for table in tables {
            let rows = try destination.queryOne("SELECT count(*) AS n FROM \(table.name)") { row throws(DatabaseError) in try row.int("n") } ?? 0
            guard rows == 0 else {
                throw Refusal(message: "\(target.url) is not empty (\(table.name) has \(rows) rows); copy into an empty database")
            }
        }
        return try destination.transaction {
            for bound in boundTriggers { try destination.execute("ALTER TABLE \(bound.table) DISABLE TRIGGER \(bound.trigger)") }
            var copied: [String: Int] = [:]
            for table in tables {
                copied[table.name] = try copyRows(of: table.name, from: source, to: destination)
                if let id = table.id {
                    // Identifiers from our own list above; setval's arguments are the table's own values.
                    try destination.query("""
                        SELECT setval(pg_get_serial_sequence('\(table.name)', '\(id)'), COALESCE(max(\(id)), 0) + 1, false) AS next
                        FROM \(table.name)
                        """) { _ throws(DatabaseError) in () }
                }
            }
            for bound in boundTriggers { try destination.execute("ALTER TABLE \(bound.table) ENABLE TRIGGER \(bound.trigger)") }
            return copied
        }
    }

    /// Every row of `table`, column by column as SQLite stored it, inserted with bound values.
    private static func copyRows(of table: String, from source: Connection, to destination: PostgresConnection) throws -> Int {
        let columns = try source.query("SELECT name FROM pragma_table_info(?) ORDER BY cid", [table]) { row throws(DatabaseError) in
            try row.string("name")
        }
        let list = columns.joined(separator: ", ")
        let insert = "INSERT INTO \(table) (\(list)) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
        let rows = try source.query("SELECT \(list) FROM \(table)") { row throws(DatabaseError) in
            try (0..<columns.count).map { index throws(DatabaseError) in try value(row, at: index) }
        }
        for values in rows { try destination.execute(insert, values) }
        return rows.count
    }

    /// The column's value in its own storage class: SQLite columns may hold any, so ask in turn.
    private static func value(_ row: borrowing Row, at index: Int) throws(DatabaseError) -> SQLValue {
        if row.isNull(index) { return .null }
        if let integer: Int64 = try? row.get(index) { return .integer(integer) }
        if let text: String = try? row.get(index) { return .text(text) }
        if let real: Double = try? row.get(index) { return .real(real) }
        return .blob(try row.bytes(index))
    }
}
