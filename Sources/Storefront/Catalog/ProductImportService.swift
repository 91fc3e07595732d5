import Database
import Foundation

/// The products CSV export and the two-step import: `preview` checks a file and keeps it with the fingerprint of the
/// products it names; `apply` carries it out in one transaction — products created and edited, stock changed through
/// the stock ledger (`CatalogRepository.adjustStock`), an audit entry per product and one for the import, and one
/// `product.changed` event naming every product touched.
///
/// Guarantees: a file with any bad row is refused whole, each problem naming its row and column in Korean, and nothing
/// is kept; `apply` re-plans the kept file inside its transaction and refuses (changing nothing) when the products it
/// names changed since the preview, when the preview is older than `previewLifetime`, or when another member's.
public struct ProductImportService: Sendable {
    public static let staleMessage = "미리보기 뒤에 상품이 바뀌었습니다. 파일을 다시 올려 바뀐 내용을 확인해 주세요."
    public static let expiredMessage = "미리보기가 만료되었습니다. 파일을 다시 올려 주세요."
    public static let encodingMessage = CSV.notUTF8Message
    public static let noFileMessage = "가져올 CSV 파일을 고르세요."
    /// A preview not applied within this time is dropped.
    public static let previewLifetime: TimeInterval = 3600
    static let stockNote = "CSV 가져오기"
    static let exportPageSize = 1_000

    let database: any DatabaseWriter
    let maxRows: Int
    let now: @Sendable () -> Date
    let products = ProductAdminRepository()

    public init(database: any DatabaseWriter, maxRows: Int, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.maxRows = maxRows
        self.now = now
    }

    /// Every product, hidden ones too, as the CSV file's text (byte-order mark and header first), read a page at a time.
    public func export() async throws(ShopError) -> String {
        try await ShopError.mapping {
            try await database.read { db in
                var text = ProductCSV.header, after = 0
                while true {
                    let page = try db.query("SELECT \(AdminProduct.columns) FROM product WHERE product_id > ? ORDER BY product_id LIMIT ?",
                                            [after, Self.exportPageSize], AdminProduct.init(row:))
                    for item in page { text += ProductCSV.line(item.product, hidden: item.hidden) }
                    guard page.count == Self.exportPageSize, let last = page.last else { return text }
                    after = last.product.id
                }
            }
        }
    }

    /// A preview: the plan and the id to apply it by, or the problems that refuse the file.
    public enum Preview: Sendable {
        case ready(id: String, ProductImportPlan)
        case refused([ProductCSV.Problem])
    }

    /// Checks `bytes` (the uploaded file) against the products now and keeps it for `apply` when it is good.
    public func preview(_ bytes: [UInt8], by staff: StaffEditor) async throws(ShopError) -> Preview {
        guard let text = CSV.text(bytes) else {
            return .refused([ProductCSV.Problem(row: 0, column: "", message: Self.encodingMessage)])
        }
        let rows: [ProductCSV.Row]
        switch ProductCSV.rows(text, maxRows: maxRows) {
        case .success(let checked): rows = checked
        case .failure(let problems): return .refused(problems)
        }
        let at = now()
        return try await ShopError.mapping {
            try await database.write { db in
                _ = try db.execute("DELETE FROM product_import WHERE created_at < ?", [at.unixSeconds - Int64(Self.previewLifetime)])
                switch try ProductImportPlan.make(db, rows) {
                case .failure(let problems): return .refused(problems)
                case .success(let plan):
                    let id = SecureToken.hex(bytes: 16)
                    _ = try db.execute("""
                        INSERT INTO product_import (import_id, staff_id, file_text, fingerprint, created_at) VALUES (?, ?, ?, ?, ?)
                        """, [id, staff.staffId, text, plan.fingerprint, at.unixSeconds])
                    return .ready(id: id, plan)
                }
            }
        }
    }

    /// The kept preview `id` of this member, planned again against the products now (for showing it again).
    public func plan(id: String, by staff: StaffEditor) async throws(ShopError) -> ProductImportPlan {
        try await ShopError.mapping { try await database.read { db in try replan(db, id: id, staff: staff).plan } }
    }

    /// Applies the kept preview `id`; returns the plan carried out.
    @discardableResult
    public func apply(id: String, by staff: StaffEditor) async throws(ShopError) -> ProductImportPlan {
        let at = now()
        return try await ShopError.mapping {
            try await database.write { [products] db in
                let (plan, kept) = try replan(db, id: id, staff: staff)
                _ = try db.execute("DELETE FROM product_import WHERE import_id = ?", [id])
                guard plan.fingerprint == kept else { throw ShopError.conflict(Self.staleMessage) }
                var touched: [Int] = []
                for row in plan.creates {
                    let productId = try products.insert(db, row.draft, quantity: row.quantity, now: at)
                    if row.quantity > 0 {
                        try StockLedgerRepository().record(db, productId: productId, delta: row.quantity, quantityAfter: row.quantity,
                                                           StockMovement(reason: .initial, staffId: staff.staffId, note: Self.stockNote),
                                                           now: at)
                    }
                    try AuditLog.record(db, staff.entry(.productCreated, target: "product:\(productId)",
                                                        after: row.draft.auditText + " · 재고 \(row.quantity)"), now: at)
                    touched.append(productId)
                }
                for update in plan.updates {
                    let id = update.before.product.id
                    guard try products.update(db, id: id, revision: update.before.revision, update.draft, now: at) else {
                        throw ShopError.conflict(Self.staleMessage)
                    }
                    let delta = update.quantity - update.before.product.quantity
                    if delta != 0 {
                        try CatalogRepository().adjustStock(db, productId: id, by: delta,
                                                            StockMovement(reason: .stocktake, staffId: staff.staffId, note: Self.stockNote),
                                                            now: at)
                    }
                    try AuditLog.record(db, staff.entry(.productUpdated, target: "product:\(id)",
                                                        before: ProductAdminService.draft(of: update.before).auditText
                                                            + " · 재고 \(update.before.product.quantity)",
                                                        after: update.draft.auditText + " · 재고 \(update.quantity)"), now: at)
                    touched.append(id)
                }
                try AuditLog.record(db, staff.entry(.productsImported, target: "import:\(id)",
                                                    after: "새 상품 \(plan.creates.count)개 · 변경 \(plan.updates.count)개 · 그대로 \(plan.unchanged)개"),
                                    now: at)
                if !touched.isEmpty {
                    try OutboxRepository().append(db, topic: ProductAdminService.changedTopic, aggregateId: "import:\(id)",
                                                  payload: ProductAdminService.ChangedProducts(productIds: touched), now: at)
                }
                return plan
            }
        }
    }

    /// The kept file planned again now, and the fingerprint kept with it at preview time.
    private func replan(_ db: any DatabaseConnection, id: String, staff: StaffEditor) throws -> (plan: ProductImportPlan, kept: String) {
        guard let kept = try db.queryOne("""
            SELECT file_text, fingerprint, created_at FROM product_import WHERE import_id = ? AND staff_id = ?
            """, [id, staff.staffId], { row throws(DatabaseError) in
                (text: try row.string("file_text"), fingerprint: try row.string("fingerprint"), createdAt: try row.int64("created_at"))
            }), now().unixSeconds - kept.createdAt <= Int64(Self.previewLifetime) else {
            throw ShopError.conflict(Self.expiredMessage)
        }
        // The file passed these checks at preview; failing now means the products changed in between.
        guard case .success(let rows) = ProductCSV.rows(kept.text, maxRows: Int.max),
              case .success(let plan) = try ProductImportPlan.make(db, rows) else {
            throw ShopError.conflict(Self.staleMessage)
        }
        return (plan, kept.fingerprint)
    }
}
