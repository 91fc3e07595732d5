import Database
import HTTP
import Mustache

/// `/admin/products`: the product list (search, category, stock filter, pages), the create and edit forms, and
/// delete (which hides instead when orders name the product). Every change goes through `ProductAdminService`,
/// which audits it and drops the storefront's caches; a refused form comes back with a message on each field.
struct AdminProductPages: Sendable {
    let products: ProductAdminService
    let images: ProductImageService
    let media: MediaStore
    let renderer: AdminRenderer
    let cookies: StaffSessionMiddleware

    static let area = "products"
    static let revisionField = "revision"

    func register(in group: inout RouterGroup<StaffContext>) {
        group.get("/products") { request, _ in try await list(request) }
        group.get("/products/new") { request, _ in form(request, id: nil, revision: nil, ProductForm(), errors: [:]) }
        group.post("/products/new") { request, staff in try await create(request, staff: staff) }
        group.get("/products/:id") { request, _ in
            let product = try await products.find(id: try Self.id(request))
            return form(request, id: product.product.id, revision: product.revision, ProductForm(product), errors: [:],
                        stock: try await stockSection(request, product: product),
                        images: try await imageSection(request, productId: product.product.id))
        }
        group.post("/products/:id") { request, staff in try await update(request, staff: staff) }
        group.post("/products/:id/delete") { request, staff in
            let removal = try await products.remove(id: try Self.id(request), by: StaffEditor(staff))
            return cookies.flashRedirect("/admin/products", removal == .deleted ? .productDeleted : .productHiddenInstead)
        }
        registerStock(in: &group)
        registerImages(in: &group)
    }

    static func id(_ request: Request) throws(ShopError) -> Int {
        guard let id = FormNumber.identifier(request.parameters["id"] ?? "") else { throw .notFound(.product) }
        return id
    }

    // MARK: List

    func list(_ request: Request) async throws -> Response {
        let q = CatalogService.trimmedSearch(request.query["q"])
        let category = request.query["category"].flatMap { $0.isEmpty ? nil : $0 }
        let stock = request.query["stock"].flatMap(AdminProductQuery.Stock.init(rawValue:))
        var query = AdminProductQuery(q: q, category: category, stock: stock, page: PageNumber.requested(request.query["page"]))
        var result = try await products.list(query)
        let pageCount = PageNumber.count(total: result.total, perPage: AdminProductQuery.perPage)
        if query.page > pageCount {
            query.page = pageCount
            result = try await products.list(query)
        }
        func href(page: Int) -> String {
            var parts: [String] = []
            if let q { parts.append("q=" + PageContext.queryEncode(q)) }
            if let category { parts.append("category=" + PageContext.queryEncode(category)) }
            if let stock { parts.append("stock=" + stock.rawValue) }
            if page > 1 { parts.append("page=\(page)") }
            return "/admin/products" + (parts.isEmpty ? "" : "?" + parts.joined(separator: "&"))
        }
        return renderer.page("admin/products", title: "상품 관리", area: Self.area, [
            "q": .string(q ?? ""),
            "categories": .array(result.categories.map { .object(["name": .string($0), "selected": .bool($0 == category)]) }),
            "stockOptions": .array([("", "전체"), (AdminProductQuery.Stock.soldOut.rawValue, "품절"),
                                    (AdminProductQuery.Stock.low.rawValue, "10개 이하")].map { value, label in
                .object(["value": .string(value), "label": .string(label), "selected": .bool(value == (stock?.rawValue ?? ""))])
            }),
            "total": .int(result.total),
            "products": .array(result.items.map(Self.row)),
            "hasProducts": .bool(!result.items.isEmpty),
            "pagination": PageContext.pagination(page: query.page, pageCount: pageCount, href: href(page:)),
        ], for: request)
    }

    static func row(_ item: AdminProduct) -> MustacheValue {
        let p = item.product
        return .object([
            "id": .int(p.id), "name": .string(p.name), "priceText": .string(Won.format(p.price)),
            "category": .string(p.category), "quantity": .int(p.quantity), "soldOut": .bool(p.isSoldOut),
            "lowStock": .bool(!p.isSoldOut && p.quantity <= AdminProductQuery.lowStockLimit),
            "hidden": .bool(item.hidden), "href": .string("/admin/products/\(p.id)"),
        ])
    }

    // MARK: Create and edit

    static let fields: [PageContext.SummaryField] = [
        .init(name: ProductRules.nameField, inputId: "product-name", label: "상품명"),
        .init(name: ProductRules.priceField, inputId: "product-price", label: "가격"),
        .init(name: ProductRules.categoryField, inputId: "product-category", label: "분류"),
        .init(name: ProductRules.countryField, inputId: "product-country", label: "원산지"),
        .init(name: ProductRules.manufacturerField, inputId: "product-manufacturer", label: "제조사"),
        .init(name: ProductRules.quantityField, inputId: "product-quantity", label: "재고"),
        .init(name: ProductRules.descriptionField, inputId: "product-description", label: "설명"),
        .init(name: ProductRules.visibilityField, inputId: "product-visibility-on-sale", label: "판매 상태"),
    ]

    /// The create form (`id` nil) or the edit form of product `id` at `revision`, showing `entered`, with the
    /// edit page's 재고 section (`stockSection`).
    func form(_ request: Request, id: Int?, revision: Int?, _ entered: ProductForm, errors: ValidationErrors,
              alert: String? = nil, stock: MustacheValue = .null, images: MustacheValue = .null,
              status: HTTPStatus = .ok) -> Response {
        let title = id == nil ? "상품 등록" : "상품 수정"
        return renderer.page("admin/product-form", title: title, area: Self.area, [
            "heading": .string(title),
            "action": .string(id.map { "/admin/products/\($0)" } ?? "/admin/products/new"),
            "isNew": .bool(id == nil),
            "productId": id.map(MustacheValue.int) ?? .null,
            "revision": revision.map(MustacheValue.int) ?? .null,
            "form": .object([
                "name": .string(entered.name), "price": .string(entered.price), "category": .string(entered.category),
                "country": .string(entered.country), "manufacturer": .string(entered.manufacturer),
                "description": .string(entered.description), "quantity": .string(entered.quantity),
                "hidden": .bool(entered.visibility == ProductRules.hidden),
                "errors": PageContext.errors(errors),
                "errorSummary": PageContext.errorSummary(errors, fields: Self.fields),
                "alert": alert.map(MustacheValue.string) ?? .null,
            ]),
            "stock": stock,
            "images": images,
        ], for: request, status: status)
    }

    func create(_ request: Request, staff: StaffContext) async throws -> Response {
        let form = try request.pageForm()
        let entered = ProductForm { form[$0] }
        do {
            let id = try await products.create(entered, by: StaffEditor(staff))
            return cookies.flashRedirect("/admin/products/\(id)", .productCreated)
        } catch {
            guard case .validation(let errors) = error else { throw error }
            return self.form(request, id: nil, revision: nil, entered, errors: errors, status: .unprocessableContent)
        }
    }

    func update(_ request: Request, staff: StaffContext) async throws -> Response {
        let id = try Self.id(request)
        let form = try request.pageForm()
        let entered = ProductForm { form[$0] }
        let revision = FormNumber.identifier(form[Self.revisionField] ?? "") ?? 0
        do {
            try await products.update(id: id, revision: revision, entered, by: StaffEditor(staff))
        } catch {
            return try await refused(request, id: id, revision: revision, entered, error)
        }
        return cookies.flashRedirect("/admin/products/\(id)", .productUpdated)
    }

    /// The edit form again after `error`: the messages on their fields, or, when someone else's edit landed
    /// first, what this operator typed with the stored version beside it and the stored revision, so a second,
    /// deliberate 저장 goes through.
    func refused(_ request: Request, id: Int, revision: Int, _ entered: ProductForm, _ error: ShopError) async throws -> Response {
        let current = try await products.find(id: id)
        var shown = entered
        shown.quantity = String(current.product.quantity)
        let stock = try await stockSection(request, product: current)
        let images = try await imageSection(request, productId: id)
        switch error {
        case .validation(let errors):
            return form(request, id: id, revision: revision, shown, errors: errors, stock: stock, images: images,
                        status: .unprocessableContent)
        case .conflict(let message):
            let stored = ProductAdminService.draft(of: current).auditText
            return form(request, id: id, revision: current.revision, shown, errors: [:],
                        alert: message + " (현재 저장된 내용: \(stored))", stock: stock, images: images, status: .conflict)
        default:
            throw error
        }
    }
}
