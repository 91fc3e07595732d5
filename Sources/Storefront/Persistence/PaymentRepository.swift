import Database
import Foundation
import JSON
import PluginKit

/// Records of every provider's payments (`toss_payment`, the seed's name), one row per `paymentKey`.
///
/// Guarantees: an order is bound to one payment key, the first one recorded for it (the shop records the
/// key it sends to confirm in the transaction that moves the order to CONFIRMING); `save` never stores
/// another key's record for that order, nor moves a key to another order. So a second payment window of
/// the same order, whatever a lookup answers about it, can never become the order's payment.
public struct PaymentRepository: Sendable {
    public init() {}

    static let columns = """
        payment_key, order_id, payment_method, currency, total_price, total_amount, balance_amount, discount,
        customer_name, customer_phone, status, approved_at, virtual_account_bank, virtual_account_number,
        virtual_account_holder, virtual_account_owner, virtual_account_due_date, secret, raw_response,
        refunded_amount, points_refunded, paid_from, receipt_lines
        """

    private static func arguments(_ record: StoredPayment) -> [any SQLBindable] {
        [record.paymentKey, record.orderId, record.method, record.currency, record.totalPrice, record.totalAmount,
         record.balanceAmount, record.discount, record.customerName, record.customerPhone, record.status.rawValue,
         record.approvedAt, record.virtualAccountBank, record.virtualAccountNumber, record.virtualAccountHolder,
         record.virtualAccountOwner, record.virtualAccountDueDate, record.secret, record.rawResponse,
         record.refundedAmount, record.pointsRefunded, record.paidFrom, ReceiptLinesColumn.encoded(record.receiptLines)]
    }

    /// Inserts a new record; a second insert of the same `paymentKey` fails with a unique violation.
    public func insert(_ db: any DatabaseConnection, _ record: StoredPayment, now: Date = Date()) throws {
        try db.execute("""
            INSERT INTO toss_payment (\(Self.columns), payment_time, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, Self.arguments(record) + [now.unixSeconds, now.unixSeconds])
    }

    /// Replaces the stored fields of the record with `record.paymentKey`; returns whether it existed.
    @discardableResult
    public func update(_ db: any DatabaseConnection, _ record: StoredPayment, now: Date = Date()) throws -> Bool {
        try db.execute("""
            UPDATE toss_payment SET order_id = ?, payment_method = ?, currency = ?, total_price = ?, total_amount = ?,
                balance_amount = ?, discount = ?, customer_name = ?, customer_phone = ?, status = ?, approved_at = ?,
                virtual_account_bank = ?, virtual_account_number = ?, virtual_account_holder = ?, virtual_account_owner = ?,
                virtual_account_due_date = ?, secret = ?, raw_response = ?,
                refunded_amount = ?, points_refunded = ?, paid_from = ?, receipt_lines = ?, updated_at = ?
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
    /// Stores the provider's view of a payment. A view older than the stored one (a webhook's lookup that lost a
    /// race with a refund) is ignored: refunds only lower the balance and statuses only move forward, with one
    /// exception Toss makes, a deposit taken back (DONE → WAITING_FOR_DEPOSIT), which is stored only when
    /// `acceptingDepositReversal` says the caller has just asked the provider by the order's bound key.
    @discardableResult
    public func save(_ db: any DatabaseConnection, _ record: StoredPayment, acceptingDepositReversal: Bool = false,
                     now: Date = Date()) throws -> SaveOutcome {
        // The checks below decide between update and insert: two instances saving the order's payment at
        // once must not both find nothing and both insert, so the second waits for the first here.
        try OrderRepository().lockForDecision(db, orderId: record.orderId)
        if let bound = try boundKey(db, orderId: record.orderId), bound != record.paymentKey { return .otherPayment }
        let stored = try find(db, paymentKey: record.paymentKey)
        if let stored, stored.orderId != record.orderId { return .otherPayment }
        if let stored, record.isOlder(than: stored), !(acceptingDepositReversal && record.reversesDeposit(of: stored)) {
            return .stale
        }
        if try !update(db, record, now: now) { try insert(db, record, now: now) }
        return .saved
    }

    public func find(_ db: any DatabaseConnection, paymentKey: String) throws -> StoredPayment? {
        try db.queryOne("SELECT \(Self.columns) FROM toss_payment WHERE payment_key = ?", [paymentKey], StoredPayment.init(row:))
    }

    /// Statuses of a payment the provider approved: its confirm went through, whatever refunds followed.
    static let approved = "'WAITING_FOR_DEPOSIT', 'DONE', 'CANCELED', 'PARTIAL_CANCELED'"

    /// The order's payment as far as the provider settled it: the approved one (the first, should rows from before
    /// keys were bound hold two), else its latest failed attempt; nil while only a confirm in flight is known.
    public func find(_ db: any DatabaseConnection, orderId: String) throws -> StoredPayment? {
        try db.queryOne("""
            SELECT \(Self.columns) FROM toss_payment WHERE order_id = ? AND status NOT IN ('READY', 'IN_PROGRESS')
            ORDER BY CASE WHEN status IN (\(Self.approved)) THEN 1 ELSE 0 END DESC,
                     CASE WHEN status IN (\(Self.approved)) THEN toss_payment_id ELSE -toss_payment_id END
            LIMIT 1
            """, [orderId], StoredPayment.init(row:))
    }

    /// The payment key the order is bound to: the one the shop sent to confirm, recorded with the move to
    /// CONFIRMING (for rows from before that, the approved one); nil before any confirm.
    public func boundKey(_ db: any DatabaseConnection, orderId: String) throws -> String? {
        try bound(db, orderId: orderId)?.paymentKey
    }

    /// The payment `boundKey` names, whole.
    public func bound(_ db: any DatabaseConnection, orderId: String) throws -> StoredPayment? {
        try db.queryOne("""
            SELECT \(Self.columns) FROM toss_payment WHERE order_id = ?
            ORDER BY CASE WHEN status IN (\(Self.approved)) THEN 1 ELSE 0 END DESC, toss_payment_id LIMIT 1
            """, [orderId], StoredPayment.init(row:))
    }
}

extension StoredPayment {
    /// Reads the columns of `PaymentRepository.columns`.
    init(row: borrowing Row) throws(DatabaseError) {
        let statusText = try row.string("status")
        guard let status = Status(rawValue: statusText) else {
            throw DatabaseError(kind: .other, message: "unknown toss_payment.status '\(statusText)'")
        }
        self.init(
            paymentKey: try row.string("payment_key"), orderId: try row.string("order_id"),
            method: try row.optionalString("payment_method"), currency: try row.string("currency"),
            totalPrice: try row.int("total_price"), totalAmount: try row.int("total_amount"),
            balanceAmount: try row.int("balance_amount"), discount: try row.int("discount"),
            customerName: try row.optionalString("customer_name"), customerPhone: try row.optionalString("customer_phone"),
            status: status, approvedAt: try row.optionalString("approved_at"),
            virtualAccountBank: try row.optionalString("virtual_account_bank"),
            virtualAccountNumber: try row.optionalString("virtual_account_number"),
            virtualAccountHolder: try row.optionalString("virtual_account_holder"),
            virtualAccountOwner: try row.optionalString("virtual_account_owner"),
            virtualAccountDueDate: try row.optionalString("virtual_account_due_date"),
            secret: try row.optionalString("secret"), rawResponse: try row.optionalString("raw_response"),
            refundedAmount: try row.int("refunded_amount"), pointsRefunded: try row.int("points_refunded"),
            paidFrom: try row.optionalString("paid_from"),
            receiptLines: ReceiptLinesColumn.decoded(try row.optionalString("receipt_lines")))
    }
}

/// `toss_payment.receipt_lines`: a JSON array of `[label, value]` pairs, NULL for none.
enum ReceiptLinesColumn {
    static func encoded(_ lines: [PaymentRecord.ReceiptLine]) -> String? {
        guard !lines.isEmpty, let data = try? JSONWriter.data(lines.map { [$0.label, $0.value] }) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The lines in `text`; pairs that are not two strings are skipped, and unreadable text reads as none.
    static func decoded(_ text: String?) -> [PaymentRecord.ReceiptLine] {
        guard let text, let pairs = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [Any] else { return [] }
        return pairs.compactMap { pair in
            guard let pair = pair as? [Any], pair.count == 2, let label = pair[0] as? String, let value = pair[1] as? String else { return nil }
            return PaymentRecord.ReceiptLine(label, value)
        }
    }
}
