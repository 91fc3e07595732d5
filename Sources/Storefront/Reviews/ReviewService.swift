import Database
import Foundation

/// Writing, listing and hiding product reviews.
///
/// Guarantees: a review is written only by the buyer of an order line whose order allows it
/// (`ReviewRules.allowsReview`), once per line (checked, and held by the schema's unique index when two tabs
/// race), within the rules (1–5 stars, 10–1,000 code points); the check and the write share one transaction,
/// and the product's rating summary changes in that same transaction. Someone else's order, an order without
/// the product and a malformed id all answer `.notFound(.order)`, so orders cannot be probed.
public struct ReviewService: Sendable {
    let database: any DatabaseWriter
    let reviews: ReviewRepository

    public init(database: any DatabaseWriter) {
        self.database = database
        reviews = ReviewRepository()
    }

    /// The line the review form is for, when its buyer may review it now; otherwise the reason (404 for
    /// what is not theirs, 409 for an order not yet paid or a line already reviewed).
    public func reviewable(userId: Int, orderId: String, productId: String) async throws(ShopError) -> ReviewableLine {
        guard OrderIdentifier.isValid(orderId), let product = FormNumber.identifier(productId) else { throw .notFound(.order) }
        let reviews = self.reviews
        let found = try await ShopError.mapping {
            try await database.read { db in try reviews.line(db, userId: userId, orderId: orderId, productId: product) }
        }
        return try Self.check(found)
    }

    /// The lines of the user's order `orderId` they may review or have reviewed (empty when the order does not
    /// allow reviews yet), for the order page's 리뷰 쓰기 links.
    public func lines(userId: Int, orderId: String) async throws(ShopError) -> [ReviewableLine] {
        guard OrderIdentifier.isValid(orderId) else { return [] }
        let reviews = self.reviews
        return try await ShopError.mapping {
            try await database.read { db in try reviews.reviewableLines(db, userId: userId, orderId: orderId) }
        }
    }

    /// Writes the buyer's review of one order line. `photo` was stored by `MediaStore` (checked by its bytes).
    public func write(userId: Int, signupId: String, orderId: String, productId: String, rating: String, body: String,
                      photo: ReviewPhoto?, now: Date = Date()) async throws(ShopError) -> Review {
        guard OrderIdentifier.isValid(orderId), let product = FormNumber.identifier(productId) else { throw .notFound(.order) }
        let checked = try ReviewRules.validate(rating: rating, body: body)
        let reviews = self.reviews
        do {
            return try await database.write { db in
                let line = try Self.check(try reviews.line(db, userId: userId, orderId: orderId, productId: product))
                return try reviews.insert(db, NewReview(productId: line.productId, userId: userId, orderLineId: line.orderLineId,
                                                        author: ReviewRules.maskedAuthor(signupId), rating: checked.rating,
                                                        body: checked.body, photo: photo), now: now)
            }
        } catch let error as DatabaseError where error.isUniqueConstraint {
            // The same line reviewed from two tabs at once: the second insert meets the unique index.
            throw .conflict(ReviewRules.alreadyMessage)
        } catch {
            throw ShopError.from(error)
        }
    }

    /// Page `page` (as the URL carried it, clamped like the catalog's) of the product's visible reviews in
    /// `sort` order, with its summary; read in one transaction so the counts match the list.
    public func page(productId: Int, sort: ReviewSort, page: String?) async throws(ShopError) -> ReviewPage {
        let wanted = PageNumber.requested(page), perPage = ReviewRules.perPage, reviews = self.reviews
        return try await ShopError.mapping {
            try await database.read { db in
                let summary = try reviews.summary(db, productId: productId)
                let pageCount = PageNumber.count(total: summary.count, perPage: perPage)
                let page = min(wanted, pageCount)
                let list = try reviews.page(db, productId: productId, sort: sort, limit: perPage, offset: (page - 1) * perPage)
                return ReviewPage(summary: summary, reviews: list, sort: sort, page: page, pageCount: pageCount)
            }
        }
    }

    /// An operator hides a review with `reason`; `audit` runs in the same transaction with the review as it
    /// was (the back office records the staff action there), so a hide and its audit entry land together or not
    /// at all. Hiding a hidden or unknown review changes nothing and returns nil.
    @discardableResult
    public func hide(reviewId: Int, reason: String, staffId: String, now: Date = Date(),
                     audit: @escaping @Sendable (any DatabaseConnection, Review) throws -> Void) async throws(ShopError) -> Review? {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...ReviewRules.maxHideReasonLength).contains(TextLength.of(reason)) else {
            throw .validation(["reason": ReviewRules.hideReasonMessage])
        }
        let reviews = self.reviews
        return try await ShopError.mapping {
            try await database.write { db in
                guard let hidden = try reviews.hide(db, id: reviewId, reason: reason, staffId: staffId, now: now) else { return nil }
                try audit(db, hidden)
                return hidden
            }
        }
    }

    /// One page of every product's reviews, newest first and hidden ones included, for the back office.
    public func recent(page: String?, perPage: Int = 20) async throws(ShopError) -> (items: [(review: Review, productName: String)], page: Int, pageCount: Int) {
        let wanted = PageNumber.requested(page), reviews = self.reviews
        let found = try await ShopError.mapping {
            try await database.read { db in
                let pageCount = PageNumber.count(total: try reviews.count(db), perPage: perPage)
                let page = min(wanted, pageCount)
                return ReviewListing(items: try reviews.recent(db, limit: perPage, offset: (page - 1) * perPage), page: page, pageCount: pageCount)
            }
        }
        return (found.items, found.page, found.pageCount)
    }

    private struct ReviewListing: Sendable {
        let items: [(review: Review, productName: String)]
        let page: Int
        let pageCount: Int
    }

    /// The line a buyer may review now, or why not.
    private static func check(_ found: (line: ReviewableLine, status: OrderStatus)?) throws(ShopError) -> ReviewableLine {
        guard let found else { throw .notFound(.order) }
        guard ReviewRules.allowsReview(found.status) else { throw .conflict(ReviewRules.notYetMessage) }
        guard found.line.reviewId == nil else { throw .conflict(ReviewRules.alreadyMessage) }
        return found.line
    }
}
