import Database
import Foundation

/// What a staff member did, as the audit log names it. Each case has a Korean label for the audit page; areas
/// of the back office add their cases here (the raw value is stored, so never rename one).
public enum AuditAction: String, Sendable, CaseIterable {
    case signIn = "staff.sign_in"
    case signInFailed = "staff.sign_in_failed"
    case signOut = "staff.sign_out"
    case staffCreated = "staff.created"
    case staffDisabled = "staff.disabled"
    case staffEnabled = "staff.enabled"
    case staffRoleChanged = "staff.role_changed"
    case reviewHidden = "review.hidden"
    case orderShipped = "order.shipped"
    case orderDelivered = "order.delivered"
    case returnApproved = "order.return_approved"
    case returnRejected = "order.return_rejected"
    case productCreated = "product.created"
    case productUpdated = "product.updated"
    case productHidden = "product.hidden"
    case productDeleted = "product.deleted"
    case productStockAdjusted = "product.stock_adjusted"
    case orderRefunded = "order.refunded"
    case orderStatusChecked = "order.status_checked"
    case productImageUploaded = "product.image_uploaded"
    case productImageMoved = "product.image_moved"
    case productImageDeleted = "product.image_deleted"
    case productsImported = "product.imported"
    case depositMatched = "order.deposit_matched"
    case refundTransferred = "order.refund_transferred"

    public var label: String {
        switch self {
        case .signIn: "로그인"
        case .signInFailed: "로그인 실패"
        case .signOut: "로그아웃"
        case .staffCreated: "직원 추가"
        case .staffDisabled: "직원 비활성화"
        case .staffEnabled: "직원 활성화"
        case .staffRoleChanged: "직원 역할 변경"
        case .reviewHidden: "리뷰 숨김"
        case .orderShipped: "발송 처리"
        case .orderDelivered: "배송 완료 처리"
        case .returnApproved: "반품 승인"
        case .returnRejected: "반품 거절"
        case .productCreated: "상품 등록"
        case .productUpdated: "상품 수정"
        case .productHidden: "상품 숨김"
        case .productDeleted: "상품 삭제"
        case .productStockAdjusted: "재고 조정"
        case .orderRefunded: "환불"
        case .orderStatusChecked: "결제 상태 확인"
        case .productImageUploaded: "이미지 업로드"
        case .productImageMoved: "이미지 순서 변경"
        case .productImageDeleted: "이미지 삭제"
        case .productsImported: "상품 CSV 가져오기"
        case .depositMatched: "입금 확인"
        case .refundTransferred: "환불 이체 완료"
        }
    }
}

/// One line of the audit log: who (nil when nobody signed in, as for a failed sign-in with an unknown id), what,
/// on which thing (`staff:kim`, `order:A1B2`, `product:7`), before → after for edits (short text), and from
/// which address.
public struct AuditEntry: Sendable, Equatable {
    public var staffId: String?
    public var action: AuditAction
    public var target: String
    public var before: String?
    public var after: String?
    public var address: String

    public init(staffId: String?, action: AuditAction, target: String, before: String? = nil, after: String? = nil,
                address: String) {
        self.staffId = staffId
        self.action = action
        self.target = target
        self.before = before
        self.after = after
        self.address = address
    }
}

/// An entry as stored, with its id and time.
public struct AuditRecord: Sendable, Equatable {
    public let id: Int64
    public let entry: AuditEntry
    public let createdAt: Date
}

/// The append-only audit log (`audit_log`). `record` is the only write there is: nothing in the code updates or
/// deletes an entry, and the table's triggers refuse both on either engine.
///
/// Guarantees: `record` writes in the caller's transaction, so an entry exists exactly when the change it records
/// was committed; texts are cut to `maxTextLength` characters so a huge edit cannot bloat the log.
public enum AuditLog {
    static let maxTextLength = 2_000

    /// Appends `entry` at `now`, inside the caller's unit of work.
    public static func record(_ db: any DatabaseConnection, _ entry: AuditEntry, now: Date = Date()) throws {
        try db.execute("""
            INSERT INTO audit_log (staff_id, action, target, before_value, after_value, address, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [entry.staffId, entry.action.rawValue, TextLength.prefix(entry.target, 200),
                  entry.before.map { TextLength.prefix($0, maxTextLength) }, entry.after.map { TextLength.prefix($0, maxTextLength) },
                  TextLength.prefix(entry.address, 100), now.unixSeconds])
    }

    /// What the audit page filters by; nil fields do not filter. `from` is inclusive, `until` exclusive.
    public struct Filter: Sendable, Equatable {
        public var staffId: String?
        public var action: AuditAction?
        public var from: Date?
        public var until: Date?
        public init(staffId: String? = nil, action: AuditAction? = nil, from: Date? = nil, until: Date? = nil) {
            self.staffId = staffId
            self.action = action
            self.from = from
            self.until = until
        }
    }

    /// The entries matching `filter`, newest first: `limit` of them after skipping `offset`, and how many match.
    public static func entries(_ db: any DatabaseConnection, _ filter: Filter, limit: Int, offset: Int) throws
        -> (records: [AuditRecord], total: Int) {
        var conditions: [String] = []
        var arguments: [any SQLBindable] = []
        if let staffId = filter.staffId { conditions.append("staff_id = ?"); arguments.append(staffId) }
        if let action = filter.action { conditions.append("action = ?"); arguments.append(action.rawValue) }
        if let from = filter.from { conditions.append("created_at >= ?"); arguments.append(from.unixSeconds) }
        if let until = filter.until { conditions.append("created_at < ?"); arguments.append(until.unixSeconds) }
        let condition = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let total = try db.queryOne("SELECT count(*) AS total FROM audit_log \(condition)", arguments) { row throws(DatabaseError) in
            try row.int("total")
        } ?? 0
        let records = try db.query("""
            SELECT audit_id, staff_id, action, target, before_value, after_value, address, created_at FROM audit_log
            \(condition) ORDER BY created_at DESC, audit_id DESC LIMIT ? OFFSET ?
            """, arguments + [limit, offset]) { row throws(DatabaseError) -> AuditRecord? in
            // An action this build does not know (written by a newer one) is skipped rather than failing the page.
            guard let action = AuditAction(rawValue: try row.string("action")) else { return nil }
            return AuditRecord(
                id: try row.int64("audit_id"),
                entry: AuditEntry(staffId: try row.optionalString("staff_id"), action: action, target: try row.string("target"),
                                  before: try row.optionalString("before_value"), after: try row.optionalString("after_value"),
                                  address: try row.string("address")),
                createdAt: Date(unixSeconds: try row.int64("created_at")))
        }
        return (records.compactMap { $0 }, total)
    }
}
