import HTTP
import Mustache

/// The edit page's 재고 section: the adjustment form (`POST /admin/products/:id/stock`) and the product's stock
/// history, paged by `ledger_page`.
extension AdminProductPages {
    static let adjustmentFields: [PageContext.SummaryField] = [
        .init(name: StockAdjustmentForm.deltaField, inputId: "stock-delta", label: "변경 수량"),
        .init(name: StockAdjustmentForm.reasonField, inputId: "stock-reason", label: "사유"),
        .init(name: StockAdjustmentForm.noteField, inputId: "stock-note", label: "내용"),
    ]

    func registerStock(in group: inout RouterGroup<StaffContext>) {
        group.post("/products/:id/stock") { request, staff in try await adjust(request, staff: staff) }
    }

    /// The section's values: the stock on hand, the form (with what was typed and its errors), the history page.
    func stockSection(_ request: Request, product: AdminProduct, entered: StockAdjustmentForm = StockAdjustmentForm(),
                      errors: ValidationErrors = [:], alert: String? = nil) async throws -> MustacheValue {
        let id = product.product.id
        let ledger = try await products.ledger(id: id, page: PageNumber.requested(request.query["ledger_page"]))
        return .object([
            "quantity": .int(product.product.quantity),
            "delta": .string(entered.delta), "note": .string(entered.note),
            "reasons": .array(StockReason.adjustments.map { reason in
                .object(["value": .string(reason.rawValue), "label": .string(reason.label),
                         "selected": .bool(reason.rawValue == entered.reason)])
            }),
            "errors": PageContext.errors(errors),
            // Read by partials/error-summary inside the section, in place of the page form's.
            "form": .object(["errorSummary": PageContext.errorSummary(errors, fields: Self.adjustmentFields)]),
            "alert": alert.map(MustacheValue.string) ?? .null,
            "entries": .array(ledger.entries.map { entry in
                .object([
                    "when": .string(PageContext.dateText(entry.createdAt)),
                    "reason": .string(entry.movement.reason.label),
                    "delta": .string(entry.delta > 0 ? "+\(entry.delta)" : "\(entry.delta)"),
                    "after": .int(entry.quantityAfter),
                    "orderId": entry.movement.orderId.map(MustacheValue.string) ?? .null,
                    "staffId": entry.movement.staffId.map(MustacheValue.string) ?? .null,
                    "note": .string(entry.movement.note),
                ])
            }),
            "hasEntries": .bool(!ledger.entries.isEmpty),
            "pagination": PageContext.pagination(page: ledger.page, pageCount: ledger.pageCount) { page in
                "/admin/products/\(id)?ledger_page=\(page)#stock"
            },
        ])
    }

    func adjust(_ request: Request, staff: StaffContext) async throws -> Response {
        let id = try Self.id(request)
        let form = try request.pageForm()
        let entered = StockAdjustmentForm(delta: form[StockAdjustmentForm.deltaField] ?? "",
                                          reason: form[StockAdjustmentForm.reasonField] ?? "",
                                          note: form[StockAdjustmentForm.noteField] ?? "")
        do {
            try await products.adjustStock(id: id, entered, by: StaffEditor(staff))
        } catch {
            let product = try await products.find(id: id)
            let errors: ValidationErrors, alert: String?, status: HTTPStatus
            switch error {
            case .validation(let fields): (errors, alert, status) = (fields, nil, .unprocessableContent)
            case .conflict(let message): (errors, alert, status) = ([:], message, .conflict)
            default: throw error
            }
            let stock = try await stockSection(request, product: product, entered: entered, errors: errors, alert: alert)
            return self.form(request, id: id, revision: product.revision, ProductForm(product), errors: [:], stock: stock,
                             images: try await imageSection(request, productId: id), status: status)
        }
        return cookies.flashRedirect("/admin/products/\(id)#stock", .stockAdjusted)
    }
}
