/// Page numbers as the shop's paged lists use them (the catalog, the order history): 1-based, asked for by the
/// URL's `page`, and clamped to the pages there are.
enum PageNumber {
    /// The page the URL asks for: below 1, missing or not a number is page 1.
    static func requested(_ text: String?) -> Int {
        text.flatMap(FormNumber.integer).map { max(1, $0) } ?? 1
    }

    /// Pages needed for `total` items, at least 1 so that an empty list is page 1 of 1.
    static func count(total: Int, perPage: Int) -> Int {
        max(1, (total + perPage - 1) / perPage)
    }
}
