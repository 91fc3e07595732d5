import Database
import Foundation

/// Records of Toss payments (`toss_payment`), one row per `paymentKey`.
public struct PaymentRepository: Sendable {
    public let database: DatabasePool

    public init(database: DatabasePool) { self.database = database }

    static let columns = """
        payment_key, order_id, payment_method, currency, total_price, total_amount, balance_amount, discount,
        customer_name, customer_phone, status, approved_at, virtual_account_bank, virtual_account_number,
        virtual_account_holder, virtual_account_due_date, secret, raw_response,
        card_company, card_number, easy_pay_provider, transfer_bank
        """

    static func record(_ row: borrowing Row) throws(DatabaseError) -> TossPaymentRecord {
        let statusText = try row.string(10)
        guard let status = TossPaymentStatus(rawValue: statusText) else {
            throw DatabaseError(extendedCode: 20, message: "unknown toss_payment.status '\(statusText)'")
        }
        return TossPaymentRecord(
            paymentKey: try row.string(0), orderId: try row.string(1), method: try row.optionalString(2),
            currency: try row.string(3), totalPrice: try row.int(4), totalAmount: try row.int(5),
            balanceAmount: try row.int(6), discount: try row.int(7), customerName: try row.optionalString(8),
            customerPhone: try row.optionalString(9), status: status, approvedAt: try row.optionalString(11),
            virtualAccountBank: try row.optionalString(12), virtualAccountNumber: try row.optionalString(13),
            virtualAccountHolder: try row.optionalString(14), virtualAccountDueDate: try row.optionalString(15),
            secret: try row.optionalString(16), rawResponse: try row.optionalString(17),
            cardCompany: try row.optionalString(18), cardNumber: try row.optionalString(19),
            easyPayProvider: try row.optionalString(20), transferBank: try row.optionalString(21))
    }

    private static func arguments(_ record: TossPaymentRecord) -> [any SQLBindable] {
        [record.paymentKey, record.orderId, record.method, record.currency, record.totalPrice, record.totalAmount,
         record.balanceAmount, record.discount, record.customerName, record.customerPhone, record.status.rawValue,
         record.approvedAt, record.virtualAccountBank, record.virtualAccountNumber, record.virtualAccountHolder,
         record.virtualAccountDueDate, record.secret, record.rawResponse,
         record.cardCompany, record.cardNumber, record.easyPayProvider, record.transferBank]
    }

    /// Inserts a new record; a second insert of the same `paymentKey` fails with a unique violation.
    public func insert(_ db: Connection, _ record: TossPaymentRecord, now: Date = Date()) throws {
        try db.execute("""
            INSERT INTO toss_payment (\(Self.columns), payment_time, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, Self.arguments(record) + [now.unixSeconds, now.unixSeconds])
    }

    /// Replaces the stored fields of the record with `record.paymentKey`; returns whether it existed.
    @discardableResult
    public func update(_ db: Connection, _ record: TossPaymentRecord, now: Date = Date()) throws -> Bool {
        try db.execute("""
            UPDATE toss_payment SET order_id = ?, payment_method = ?, currency = ?, total_price = ?, total_amount = ?,
                balance_amount = ?, discount = ?, customer_name = ?, customer_phone = ?, status = ?, approved_at = ?,
                virtual_account_bank = ?, virtual_account_number = ?, virtual_account_holder = ?,
                virtual_account_due_date = ?, secret = ?, raw_response = ?,
                card_company = ?, card_number = ?, easy_pay_provider = ?, transfer_bank = ?, updated_at = ?
            WHERE payment_key = ?
            """, Array(Self.arguments(record).dropFirst()) + [now.unixSeconds, record.paymentKey]) > 0
    }

    /// Inserts or updates by `paymentKey` — what a confirm, a status query or a webhook does.
    /// Stores Toss's view of a payment. A view older than the stored one (a webhook's lookup that lost a
    /// race with a refund) is ignored: refunds only lower the balance and statuses only move forward.
    public func save(_ db: Connection, _ record: TossPaymentRecord, now: Date = Date()) throws {
        try db.transaction {
            if let stored = try find(db, paymentKey: record.paymentKey), record.isOlder(than: stored) { return }
            if try !update(db, record, now: now) { try insert(db, record, now: now) }
        }
    }

    public func find(_ db: Connection, paymentKey: String) throws -> TossPaymentRecord? {
        try db.queryOne("SELECT \(Self.columns) FROM toss_payment WHERE payment_key = ?", [paymentKey], Self.record)
    }

    /// The most recent payment for an order (an order may see several attempts).
    public func find(_ db: Connection, orderId: String) throws -> TossPaymentRecord? {
        try db.queryOne("""
            SELECT \(Self.columns) FROM toss_payment WHERE order_id = ? ORDER BY toss_payment_id DESC LIMIT 1
            """, [orderId], Self.record)
    }

    // MARK: Async conveniences

    public func save(_ record: TossPaymentRecord) async throws {
        try await database.write { db in try self.save(db, record) }
    }

    public func find(paymentKey: String) async throws -> TossPaymentRecord? {
        try await database.read { db in try self.find(db, paymentKey: paymentKey) }
    }

    public func find(orderId: String) async throws -> TossPaymentRecord? {
        try await database.read { db in try self.find(db, orderId: orderId) }
    }
}
