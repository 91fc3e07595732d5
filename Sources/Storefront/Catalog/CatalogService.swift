import Database
import Foundation

/// The catalog page's query parameters exactly as the URL carried them (any may be missing).
public struct CatalogRequest: Sendable, Equatable {
    public var q: String?
    public var category: String?
    public var country: String?
    public var manufacturer: String?
    public var sort: String?
    public var page: String?

    public init(q: String? = nil, category: String? = nil, country: String? = nil, manufacturer: String? = nil,
                sort: String? = nil, page: String? = nil) {
        self.q = q
        self.category = category
        self.country = country
        self.manufacturer = manufacturer
        self.sort = sort
        self.page = page
    }

    /// Reads the parameters named `q`, `category`, `country`, `manufacturer`, `sort` and `page`.
    public init(parameters: [String: String]) {
        self.init(q: parameters["q"], category: parameters["category"], country: parameters["country"],
                  manufacturer: parameters["manufacturer"], sort: parameters["sort"], page: parameters["page"])
    }
}

/// The values the filter links and selects offer, alphabetically.
public struct CatalogFacets: Sendable, Equatable {
    public let categories: [String]
    public let countries: [String]
    public let manufacturers: [String]
}

/// One rendered catalog page: the products, the filters on offer, and where the page sits.
public struct CatalogListing: Sendable, Equatable {
    public let items: [Product]
    public let facets: CatalogFacets
    /// The query actually run: search trimmed, unknown filters dropped, page clamped. Pages build their
    /// filter, sort and page links from it so each keeps the others.
    public let query: CatalogQuery
    public let total: Int
    public let page: Int
    public let pageCount: Int

    public var isEmpty: Bool { items.isEmpty }
}

/// Catalog reads for the pages: parameter cleanup, listing and single products.
///
/// Guarantees: whatever the URL holds, a listing is produced (bad values are ignored or clamped, never an
/// error): `q` is trimmed and cut to 100 characters; a category, country or manufacturer that is not a
/// current facet value is dropped; an unknown sort means newest first; a page below 1 or not a number is 1,
/// and a page past the end is the last page. Facets, count and page come from one read, so they agree.
public struct CatalogService: Sendable {
    public static let maxSearchLength = 100

    let database: any DatabaseWriter
    let catalog: CatalogRepository
    let perPage: Int

    public init(database: any DatabaseWriter, perPage: Int = CatalogQuery.defaultPerPage) {
        self.database = database
        catalog = CatalogRepository()
        self.perPage = perPage
    }

    /// The search text as the query runs it: trimmed and cut to 100 characters (code points, as the search
    /// index counts them; see `TextLength`); nil when empty.
    public static func trimmedSearch(_ q: String?) -> String? {
        guard let q, !q.isEmpty else { return nil }
        let text = TextLength.prefix(q.trimmingCharacters(in: .whitespacesAndNewlines), maxSearchLength)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// The catalog page for `request`.
    public func listing(_ request: CatalogRequest) async throws(ShopError) -> CatalogListing {
        let catalog = self.catalog, perPage = self.perPage
        return try await ShopError.mapping {
            try await database.read { db in
                let facets = CatalogFacets(categories: try catalog.categories(db), countries: try catalog.countries(db),
                                           manufacturers: try catalog.manufacturers(db))
                var query = Self.query(for: request, facets: facets, perPage: perPage)
                let total = try catalog.count(db, query)
                let pageCount = PageNumber.count(total: total, perPage: perPage)
                query.page = min(query.page, pageCount)
                let items = total == 0 ? [] : try catalog.page(db, query)
                return CatalogListing(items: items, facets: facets, query: query, total: total,
                                      page: query.page, pageCount: pageCount)
            }
        }
    }

    /// The cleaned query for `request` before the page is clamped to the result count.
    static func query(for request: CatalogRequest, facets: CatalogFacets, perPage: Int) -> CatalogQuery {
        let text = Self.trimmedSearch(request.q) ?? ""
        func known(_ value: String?, in values: [String]) -> String? {
            guard let value, values.contains(value) else { return nil }
            return value
        }
        let page = PageNumber.requested(request.page)
        return CatalogQuery(q: text.isEmpty ? nil : text,
                            category: known(request.category, in: facets.categories),
                            country: known(request.country, in: facets.countries),
                            manufacturer: known(request.manufacturer, in: facets.manufacturers),
                            sort: request.sort.flatMap(CatalogQuery.Sort.init(rawValue:)) ?? .new,
                            page: page, perPage: perPage)
    }

    /// The product whose id is `id` as it appears in the URL, with its uploaded images; `.notFound(.product)` when
    /// the id is not a positive number or no such product exists.
    public func product(id: String) async throws(ShopError) -> Product {
        guard let productId = FormNumber.identifier(id) else { throw .notFound(.product) }
        // The uploaded images come with it (main first), so the cached product page entry holds its gallery.
        let found = try await ShopError.mapping {
            try await database.read { db -> Product? in
                guard var product = try catalog.product(db, id: productId) else { return nil }
                product.pictures = try ProductImageRepository().images(db, productId: productId).map(\.picture)
                return product
            }
        }
        guard let product = found else {
            throw .notFound(.product)
        }
        return product
    }
}
