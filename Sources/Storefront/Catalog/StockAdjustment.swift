import Database
import Foundation

/// An operator's stock adjustment as the form sent it: a signed change, a reason from `StockReason.adjustments`,
/// and a note (required for 기타).
public struct StockAdjustmentForm: Sendable, Equatable {
    public static let deltaField = "delta"
    public static let reasonField = "reason"
    public static let noteField = "note"
    public static let maxDelta = 1_000_000
    public static let maxNoteLength = 200

    static let deltaMessage = "변경 수량은 0이 아닌 정수로 입력해 주세요 (예: 입고 20, 파손 -2). 한 번에 \(maxDelta)개까지입니다."
    static let reasonMessage = "사유를 목록에서 골라 주세요."
    static let noteMessage = "기타 사유는 내용을 \(maxNoteLength)자 안에서 적어 주세요."
    static let belowZeroMessage = "재고는 0개 아래로 내려갈 수 없습니다."

    public var delta = ""
    public var reason = ""
    public var note = ""

    public init(delta: String = "", reason: String = "", note: String = "") {
        self.delta = delta
        self.reason = reason
        self.note = note
    }

    /// The validated change and movement, or `.validation` with a message per refused field.
    func validated(staffId: String) throws(ShopError) -> (delta: Int, movement: StockMovement) {
        var errors = ValidationErrors()
        let delta = FormNumber.integer(delta.trimmingCharacters(in: .whitespaces))
        if delta == nil || delta == 0 || abs(delta ?? 0) > Self.maxDelta { errors[Self.deltaField] = Self.deltaMessage }
        let reason = StockReason(rawValue: reason).flatMap { StockReason.adjustments.contains($0) ? $0 : nil }
        if reason == nil { errors[Self.reasonField] = Self.reasonMessage }
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        if TextLength.of(note) > Self.maxNoteLength || (reason == .other && note.isEmpty)
            || note.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            errors[Self.noteField] = Self.noteMessage
        }
        guard errors.isEmpty, let delta, let reason else { throw .validation(errors) }
        return (delta, StockMovement(reason: reason, staffId: staffId, note: note))
    }
}

extension ProductAdminService {
    public static let ledgerPerPage = 20

    /// Applies an operator's adjustment to product `id`: the stock change, its ledger row, the audit entry and
    /// the cache event in one transaction. A change that would take stock below zero is refused (409) and
    /// changes nothing. Returns the stock now on hand.
    @discardableResult
    public func adjustStock(id: Int, _ form: StockAdjustmentForm, by staff: StaffEditor) async throws(ShopError) -> Int {
        let (delta, movement) = try form.validated(staffId: staff.staffId)
        let at = now()
        do {
            return try await database.write { [products, outbox] db in
                guard let before = try products.find(db, id: id) else { throw ShopError.notFound(.product) }
                let after = try CatalogRepository().adjustStock(db, productId: id, by: delta, movement, now: at)
                let note = movement.note.isEmpty ? "" : " · \(movement.note)"
                try AuditLog.record(db, staff.entry(.productStockAdjusted, target: "product:\(id)",
                                                    before: "재고 \(before.product.quantity)",
                                                    after: "재고 \(after) (\(movement.reason.label) \(delta > 0 ? "+" : "")\(delta)\(note))"), now: at)
                try Self.announce(db, outbox, id, now: at)
                return after
            }
        } catch let PersistenceError.insufficientStock(_, _, _, available) {
            throw .conflict(StockAdjustmentForm.belowZeroMessage + " (현재 \(available)개)")
        } catch {
            throw ShopError.from(error)
        }
    }

    /// Product `id`'s stock history, newest first, `ledgerPerPage` a page (the page clamped), and the page count.
    public func ledger(id: Int, page: Int) async throws(ShopError) -> (entries: [StockLedgerEntry], page: Int, pageCount: Int) {
        try await ShopError.mapping {
            try await database.read { db in
                let ledger = StockLedgerRepository()
                let total = try ledger.history(db, productId: id, limit: 0, offset: 0).total
                let pageCount = PageNumber.count(total: total, perPage: Self.ledgerPerPage)
                let page = min(max(1, page), pageCount)
                let entries = try ledger.history(db, productId: id, limit: Self.ledgerPerPage, offset: (page - 1) * Self.ledgerPerPage).entries
                return (entries, page, pageCount)
            }
        }
    }
}
