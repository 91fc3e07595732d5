import Database
import Foundation

/// Records of Toss payments (`toss_payment`), one row per `paymentKey`.
///
/// Guarantees: an order is bound to one payment key, the first one recorded for it (the shop records the
/// key it sends to confirm in the transaction that moves the order to CONFIRMING); `save` never stores
/// another key's record for that order, nor moves a key to another order. So a second payment window of
/// the same order, whatever a lookup answers about it, can never become the order's payment.
public struct PaymentRepository: Sendable {
    public let database: DatabasePool

    public init(database: DatabasePool) { self.database = database }

    static let columns = """
        payment_key, order_id, payment_method, currency, total_price, total_amount, balance_amount, discount,
        customer_name, customer_phone, status, approved_at, virtual_account_bank, virtual_account_number,
        virtual_account_holder, virtual_account_due_date, secret, raw_response,
        card_company, card_number, easy_pay_provider, transfer_bank, refunded_amount, points_refunded
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
            easyPayProvider: try row.optionalString(20), transferBank: try row.optionalString(21),
            refundedAmount: try row.int(22), pointsRefunded: try row.int(23))
    }

    private static func arguments(_ record: TossPaymentRecord) -> [any SQLBindable] {
        [record.paymentKey, record.orderId, record.method, record.currency, record.totalPrice, record.totalAmount,
         record.balanceAmount, record.discount, record.customerName, record.customerPhone, record.status.rawValue,
         record.approvedAt, record.virtualAccountBank, record.virtualAccountNumber, record.virtualAccountHolder,
         record.virtualAccountDueDate, record.secret, record.rawResponse,
         record.cardCompany, record.cardNumber, record.easyPayProvider, record.transferBank,
         record.refundedAmount, record.pointsRefunded]
    }

    /// Inserts a new record; a second insert of the same `paymentKey` fails with a unique violation.
    public func insert(_ db: Connection, _ record: TossPaymentRecord, now: Date = Date()) throws {
        try db.execute("""
            INSERT INTO toss_payment (\(Self.columns), payment_time, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
                card_company = ?, card_number = ?, easy_pay_provider = ?, transfer_bank = ?,
                refunded_amount = ?, points_refunded = ?, updated_at = ?
            WHERE payment_key = ?
            """, Array(Self.arguments(record).dropFirst()) + [now.unixSeconds, record.paymentKey]) > 0
    }

    /// What `save` did with a record.
    public enum SaveOutcome: Sendable, Equatable {
        case saved
        /// The stored view is later than this one; nothing changed.
        case stale
        /// The record is another payment than the one its order is bound to (or its key belongs to
        /// another order); nothing changed.
        case otherPayment
    }

    /// Inserts or updates by `paymentKey` — what a confirm, a status query or a webhook does.
    /// Stores Toss's view of a payment. A view older than the stored one (a webhook's lookup that lost a
    /// race with a refund) is ignored: refunds only lower the balance and statuses only move forward, with one
    /// exception Toss makes, a deposit taken back (DONE → WAITING_FOR_DEPOSIT), which is stored only when
    /// `acceptingDepositReversal` says the caller has just asked Toss by the order's bound key.
    @discardableResult
    public func save(_ db: Connection, _ record: TossPaymentRecord, acceptingDepositReversal: Bool = false,
                     now: Date = Date()) throws -> SaveOutcome {
        try db.transaction {
            if let bound = try boundKey(db, orderId: record.orderId), bound != record.paymentKey { return .otherPayment }
            let stored = try find(db, paymentKey: record.paymentKey)
            if let stored, stored.orderId != record.orderId { return .otherPayment }
            if let stored, record.isOlder(than: stored), !(acceptingDepositReversal && record.reversesDeposit(of: stored)) {
                return .stale
            }
            if try !update(db, record, now: now) { try insert(db, record, now: now) }
            return .saved
        }
    }

    public func find(_ db: Connection, paymentKey: String) throws -> TossPaymentRecord? {
        try db.queryOne("SELECT \(Self.columns) FROM toss_payment WHERE payment_key = ?", [paymentKey], Self.record)
    }

    /// Statuses of a payment Toss approved: its confirm went through, whatever refunds followed.
    static let approved = "'WAITING_FOR_DEPOSIT', 'DONE', 'CANCELED', 'PARTIAL_CANCELED'"

    /// The order's payment as far as Toss settled it: the approved one (the first, should rows from before
    /// keys were bound hold two), else its latest failed attempt; nil while only a confirm in flight is known.
    public func find(_ db: Connection, orderId: String) throws -> TossPaymentRecord? {
        try db.queryOne("""
            SELECT \(Self.columns) FROM toss_payment WHERE order_id = ? AND status NOT IN ('READY', 'IN_PROGRESS')
            ORDER BY status IN (\(Self.approved)) DESC,
                     CASE WHEN status IN (\(Self.approved)) THEN toss_payment_id ELSE -toss_payment_id END
            LIMIT 1
            """, [orderId], Self.record)
    }

    /// The payment key the order is bound to: the one the shop sent to confirm, recorded with the move to
    /// CONFIRMING (for rows from before that, the approved one); nil before any confirm.
    public func boundKey(_ db: Connection, orderId: String) throws -> String? {
        try db.queryOne("""
            SELECT payment_key FROM toss_payment WHERE order_id = ?
            ORDER BY status IN (\(Self.approved)) DESC, toss_payment_id LIMIT 1
            """, [orderId]) { row throws(DatabaseError) in try row.string(0) }
    }

    // MARK: Async conveniences

    @discardableResult
    public func save(_ record: TossPaymentRecord) async throws -> SaveOutcome {
        try await database.write { db in try self.save(db, record) }
    }

    public func find(paymentKey: String) async throws -> TossPaymentRecord? {
        try await database.read { db in try self.find(db, paymentKey: paymentKey) }
    }

    public func find(orderId: String) async throws -> TossPaymentRecord? {
        try await database.read { db in try self.find(db, orderId: orderId) }
    }

    public func boundKey(orderId: String) async throws -> String? {
        try await database.read { db in try self.boundKey(db, orderId: orderId) }
    }
}
