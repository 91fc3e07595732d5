import HTTP
import Mustache

/// `GET /` (catalog with search, filters, sort and pages) and `GET /products/:id`.
struct CatalogPages: Sendable {
    let catalog: CatalogService
    let renderer: PageRenderer
    let cache: ShopCache
    let reviews: ReviewService

    func register(_ router: inout Router) {
        router.get("/") { request in await self.listing(request) }
        router.get("/products/:id") { request in await self.product(request) }
    }

    /// A visitor without a session or a flash gets the whole page from the page cache (the same bytes for every
    /// such visitor, so no per-visitor cookie goes with it); a shopper gets the cached listing in their own layout.
    func listing(_ request: Request) async -> Response {
        let query = request.query
        let catalogRequest = CatalogRequest(q: query["q"], category: query["category"], country: query["country"],
                                            manufacturer: query["manufacturer"], sort: query["sort"], page: query["page"])
        let q = CatalogService.trimmedSearch(catalogRequest.q)
        let title = q.map { "‘\($0)’ 검색 결과" } ?? "전체 상품"
        func values(_ html: [UInt8]) -> [String: MustacheValue] { ["q": q.map { .string($0) } ?? .null, "listingHTML": .html(html)] }
        var failure: ShopError?
        if request.context.session == nil && request.context.flash == nil {
            let page = await cache.fetch(Self.visitorPageKey(catalogRequest)) { () async -> [UInt8]? in
                let (html, error) = await listingHTML(catalogRequest)
                failure = error
                return html.flatMap { renderer.visitorPage("pages/catalog", title: title, values($0)) }
            }
            if let page {
                var response = Response.page(page)
                response.isShared = true
                return response
            }
        } else {
            let (html, error) = await listingHTML(catalogRequest)
            failure = error
            if let html { return await renderer.page("pages/catalog", title: title, values(html), for: request) }
        }
        return await renderer.error(failure?.status ?? .internalServerError, message: failure?.message ?? "", for: request)
    }

    /// The listing fragment, cached for everyone, or why there is none.
    private func listingHTML(_ catalogRequest: CatalogRequest) async -> (html: [UInt8]?, failure: ShopError?) {
        var failure: ShopError?
        let html = await cache.fetch(Self.cacheKey(catalogRequest)) {
            let listing: CatalogListing
            do throws(ShopError) {
                listing = try await catalog.listing(catalogRequest)
            } catch {
                failure = error
                return nil
            }
            do {
                return try renderer.fragment("partials/catalog-listing", Self.context(listing))
            } catch {
                renderer.logger.error("template_error", ["template": "partials/catalog-listing", "error": "\(error)"])
                return nil
            }
        }
        return (html, failure)
    }

    /// The listing fragment's key: one entry per distinct set of parameters as sent (the LRU bounds how many).
    static func cacheKey(_ request: CatalogRequest) -> String {
        CacheKeys.catalogPrefix + "listing:" + parameterKey(request)
    }

    /// The visitors' whole page's key. Both keys start with the catalog's prefix, so a stock change drops both;
    /// the fixed word after it comes before anything sent, so no parameters can name the other entry.
    static func visitorPageKey(_ request: CatalogRequest) -> String {
        CacheKeys.catalogPrefix + "page:" + parameterKey(request)
    }

    private static func parameterKey(_ request: CatalogRequest) -> String {
        [request.q, request.category, request.country, request.manufacturer, request.sort, request.page]
            .map { $0 ?? "" }.joined(separator: "\u{1F}")
    }

    /// The catalog page's values; page links keep every other choice.
    static func context(_ listing: CatalogListing) -> [String: MustacheValue] {
        let current = listing.query
        func href(page: Int) -> String { Self.href(current, page: page) }
        func options(_ values: [String], selected: String?) -> MustacheValue {
            .array(values.map { .object(["value": .string($0), "label": .string($0), "selected": .bool($0 == selected)]) })
        }
        // The filters in force, each as a chip whose link drops that filter alone (and goes back to page 1).
        var chips: [MustacheValue] = []
        func chip(_ kind: String, _ value: String?, without drop: (inout CatalogQuery) -> Void) {
            guard let value, !value.isEmpty else { return }
            var rest = current
            drop(&rest)
            chips.append(.object(["label": .string("\(kind): \(value)"), "removeHref": .string(Self.href(rest, page: 1))]))
        }
        chip("검색어", current.q) { $0.q = nil }
        chip("카테고리", current.category) { $0.category = nil }
        chip("원산지", current.country) { $0.country = nil }
        chip("제조사", current.manufacturer) { $0.manufacturer = nil }
        return [
            "q": current.q.map { .string($0) } ?? .null,
            "categories": options(listing.facets.categories, selected: current.category),
            "countries": options(listing.facets.countries, selected: current.country),
            "manufacturers": options(listing.facets.manufacturers, selected: current.manufacturer),
            "sort": .object(["new": .bool(current.sort == .new), "priceAsc": .bool(current.sort == .priceAscending),
                             "priceDesc": .bool(current.sort == .priceDescending), "popular": .bool(current.sort == .popular)]),
            "resultCount": .int(listing.total),
            "products": .array(listing.items.map { .object(PageContext.card($0)) }),
            "pagination": PageContext.pagination(page: listing.page, pageCount: listing.pageCount, href: href(page:)),
            "activeFilters": .array(chips),
            "activeFilterCount": chips.isEmpty ? .null : .int(chips.count),
        ]
    }

    /// The catalog's address for `query` at `page`, keeping every choice in it.
    static func href(_ query: CatalogQuery, page: Int) -> String {
        var pairs: [(String, String)] = []
        if let q = query.q, !q.isEmpty { pairs.append(("q", q)) }
        if let value = query.category { pairs.append(("category", value)) }
        if let value = query.country { pairs.append(("country", value)) }
        if let value = query.manufacturer { pairs.append(("manufacturer", value)) }
        if query.sort != .new { pairs.append(("sort", query.sort.rawValue)) }
        if page > 1 { pairs.append(("page", String(page))) }
        guard !pairs.isEmpty else { return "/" }
        return "/?" + pairs.map { "\(PageContext.queryEncode($0.0))=\(PageContext.queryEncode($0.1))" }.joined(separator: "&")
    }

    func product(_ request: Request) async -> Response {
        do throws(ShopError) {
            let id = request.parameters["id"] ?? ""
            guard let productId = FormNumber.identifier(id) else { throw .notFound(.product) }
            // Cached until its stock.changed event (or the TTL); adding to the cart re-reads stock from the database.
            let product = try await cache.value(CacheKeys.product(productId)) { () throws(ShopError) in
                try await catalog.product(id: id)
            }
            // Reviews are read fresh (two index reads), so a review shows as soon as it is written.
            let sort = ReviewSort(query: request.query[ReviewContext.sortParameter])
            let reviewPage = try await reviews.page(productId: productId, sort: sort, page: request.query[ReviewContext.pageParameter])
            return await renderer.page("pages/product", title: product.name, [
                "product": PageContext.productDetail(product),
                "form": .object(["quantity": .int(1), "errors": .object([:]), "addToken": .string(CartRules.newAddToken())]),
                "reviews": ReviewContext.reviews(reviewPage, productId: productId),
            ], for: request)
        } catch {
            return await renderer.error(error.status, message: error.message, for: request)
        }
    }
}
