import Foundation
import Mustache

/// The product page's reviews (`partials/product-reviews`) and the catalog card's rating, as Templates/README.md
/// names their keys. Reviews are shown as typed: the template engine escapes every value.
enum ReviewContext {
    /// The URL parameters of the product page's review list.
    static let sortParameter = "reviews"
    static let pageParameter = "reviewPage"

    /// ★ 4.6 (128) for a card, or nil without reviews (the card then shows nothing).
    static func cardRating(_ product: Product) -> MustacheValue {
        let summary = RatingSummary(count: product.reviewCount, total: product.ratingTotal)
        guard let average = summary.averageText else { return .null }
        return .object(["averageText": .string(average), "count": .int(summary.count)])
    }

    static func reviews(_ page: ReviewPage, productId: Int) -> MustacheValue {
        let summary = page.summary
        func href(_ sort: ReviewSort, _ number: Int) -> String {
            var query: [String] = []
            if sort != .newest { query.append("\(sortParameter)=\(sort.rawValue)") }
            if number > 1 { query.append("\(pageParameter)=\(number)") }
            return "/products/\(productId)" + (query.isEmpty ? "" : "?" + query.joined(separator: "&")) + "#reviews"
        }
        return .object([
            "count": .int(summary.count),
            "hasReviews": .bool(summary.count > 0),
            "averageText": summary.averageText.map(MustacheValue.string) ?? .null,
            // ★5 first, as shops list them; a share in whole percent for the bar's label.
            "distribution": .array(zip(1...5, summary.distribution).reversed().map { star, reviews in
                .object(["star": .int(star), "reviews": .int(reviews), "total": .int(summary.count),
                         "percent": .int(summary.count > 0 ? reviews * 100 / summary.count : 0)])
            }),
            "sorts": .array(ReviewSort.allCases.map { sort in
                .object(["label": .string(sort.label), "href": .string(href(sort, 1)), "current": .bool(sort == page.sort)])
            }),
            "items": .array(page.reviews.map(review)),
            "pagination": PageContext.pagination(page: page.page, pageCount: page.pageCount) { href(page.sort, $0) },
        ])
    }

    static func review(_ review: Review) -> MustacheValue {
        var fields: [String: MustacheValue] = [
            "id": .int(review.id),
            "author": .string(review.author),
            "rating": .int(review.rating),
            "starsText": .string(String(repeating: "★", count: review.rating) + String(repeating: "☆", count: 5 - review.rating)),
            "body": .string(review.body),
            "dateText": .string(PageContext.dayText(review.createdAt)),
        ]
        if let photo = review.photo {
            fields["photo"] = .object(["url": .string(photo.url), "width": .int(photo.width), "height": .int(photo.height)])
        }
        return .object(fields)
    }
}
