/// A catalog page request: optional name search and filters, a sort, and a 1-based page.
///
/// Values only ever reach SQL as bound arguments; which filters are present only chooses among
/// fixed SQL fragments. `page` and `perPage` are clamped to sane ranges on the way in.
public struct CatalogQuery: Sendable, Equatable {
    /// Catalog orderings; the raw values are what the catalog page's `sort` parameter carries.
    public enum Sort: String, Sendable, CaseIterable {
        case new
        case priceAscending = "price_asc"
        case priceDescending = "price_desc"
        /// Most units sold first (인기순).
        case popular
    }

    public static let defaultPerPage = 24
    public static let maxPerPage = 100

    /// Name search text; blank means no search.
    public var q: String?
    public var category: String?
    public var country: String?
    public var manufacturer: String?
    public var sort: Sort
    public var page: Int
    public var perPage: Int

    public init(q: String? = nil, category: String? = nil, country: String? = nil, manufacturer: String? = nil,
                sort: Sort = .new, page: Int = 1, perPage: Int = CatalogQuery.defaultPerPage) {
        self.q = q
        self.category = category
        self.country = country
        self.manufacturer = manufacturer
        self.sort = sort
        self.page = max(1, page)
        self.perPage = min(max(1, perPage), Self.maxPerPage)
    }

    /// Rows to skip for `page`.
    public var offset: Int { (page - 1) * perPage }
}

/// One page of catalog results and the total number of matches.
public struct CatalogPage: Sendable, Equatable {
    public let items: [Product]
    public let total: Int
    public let page: Int
    public let perPage: Int

    /// Number of pages (at least 1, so an empty result still renders page 1 of 1).
    public var pageCount: Int { PageNumber.count(total: total, perPage: perPage) }
}
