import HTTP
import Mustache

/// `/admin/products/export.csv` (every product as a CSV file Excel opens in Korean) and the import in two steps:
/// `GET /admin/products/import` (the upload form), `POST` to it (a multipart file of `admin.productImportMaxBytes` at
/// most, read whole through `MultipartForm`, its CSRF token in the action's query) answering with the preview or the
/// problems, and `POST /admin/products/import/:importId` applying a preview. Nothing changes before that last step.
struct AdminProductImportPages: Sendable {
    let imports: ProductImportService
    let maxBytes: Int
    let renderer: AdminRenderer
    let cookies: StaffSessionMiddleware

    static let fileField = "file"

    /// The multipart limits of an upload: the file within `maxBytes`, the body a little more for its headers.
    var limits: MultipartLimits { MultipartLimits(maxBodyBytes: maxBytes + 16 * 1024, maxFileBytes: maxBytes) }

    func register(in group: inout RouterGroup<StaffContext>) {
        group.get("/products/export.csv") { _, _ in
            let text = try await imports.export()
            return Response(status: .ok, headers: [
                "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": "attachment; filename=\"products.csv\"",
                "Cache-Control": "no-store",
            ], body: Array(text.utf8))
        }
        group.get("/products/import") { request, _ in page(request) }
        group.on(.POST, "/products/import", streamingBodyUpTo: limits.maxBodyBytes) { request, staff in
            try await preview(request, staff: staff)
        }
        group.post("/products/import/:importId") { request, staff in
            let id = request.parameters["importId"] ?? ""
            do {
                try await imports.apply(id: id, by: StaffEditor(staff))
            } catch ShopError.conflict(let message) {
                return page(request, problems: [message], status: .conflict)
            }
            return cookies.flashRedirect("/admin/products", .productsImported)
        }
    }

    func page(_ request: Request, problems: [String] = [], preview: MustacheValue = .null, status: HTTPStatus = .ok) -> Response {
        renderer.page("admin/product-import", title: "상품 CSV 가져오기", area: AdminProductPages.area, [
            "action": .string("/admin/products/import?" + SessionMiddleware.csrfField + "=" + request.staffVisit.csrfToken),
            "limitText": .string(maxBytes >= 1_048_576 ? "\(maxBytes / 1_048_576)MB" : "\(max(1, maxBytes / 1024))KB"),
            "maxRows": .int(imports.maxRows),
            "problems": .array(problems.map(MustacheValue.string)),
            "hasProblems": .bool(!problems.isEmpty),
            "preview": preview,
        ], for: request, status: status)
    }

    func preview(_ request: Request, staff: StaffContext) async throws -> Response {
        let form: MultipartForm
        do {
            form = try await MultipartForm.read(request, limits: limits)
        } catch {
            return page(request, problems: [error.message], status: error.status)
        }
        guard let file = form.file(Self.fileField), !file.bytes.isEmpty else {
            return page(request, problems: [ProductImportService.noFileMessage], status: .unprocessableContent)
        }
        switch try await imports.preview(file.bytes, by: StaffEditor(staff)) {
        case .refused(let problems):
            return page(request, problems: problems.map(\.description), status: .unprocessableContent)
        case .ready(let id, let plan):
            return page(request, preview: Self.values(plan, id: id))
        }
    }

    static func values(_ plan: ProductImportPlan, id: String) -> MustacheValue {
        .object([
            "applyAction": .string("/admin/products/import/\(id)"),
            "createCount": .int(plan.creates.count), "updateCount": .int(plan.updates.count), "unchanged": .int(plan.unchanged),
            "hasChanges": .bool(!plan.creates.isEmpty || !plan.updates.isEmpty),
            "creates": .array(plan.creates.map { row in
                .object(["line": .int(row.line), "name": .string(row.draft.name), "priceText": .string(Won.format(row.draft.price)),
                         "category": .string(row.draft.category), "quantity": .int(row.quantity),
                         "state": .string(row.draft.hidden ? ProductCSV.hiddenText : ProductCSV.onSaleText)])
            }),
            "updates": .array(plan.updates.map { update in
                .object(["line": .int(update.line), "id": .int(update.before.product.id), "name": .string(update.before.product.name),
                         "differences": .array(update.differences.map { difference in
                             .object(["column": .string(difference.column), "before": .string(difference.before),
                                      "after": .string(difference.after)])
                         })])
            }),
        ])
    }
}
