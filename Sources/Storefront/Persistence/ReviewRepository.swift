import Database
import Foundation

/// Reads and writes `product_review`, and keeps each product's rating summary (`product.review_count`,
/// `product.rating_total`) equal to its visible reviews: every write that adds or hides one changes the
/// product row in the same statement sequence, inside the caller's transaction.
///
/// Pages of reviews are read from partial indexes over visible reviews, one per sort, so a page costs its
/// depth, not the product's number of reviews.
public struct ReviewRepository: Sendable {
    public init() {}

    // MARK: Reading

    /// The buyer's order line for `productId` in `orderId`, with its review if written; nil when the order is
    /// not this user's, or holds no such product.
    public func line(_ db: any DatabaseConnection, userId: Int, orderId: String, productId: Int) throws -> (line: ReviewableLine, status: OrderStatus)? {
        try db.queryOne("""
            SELECT i.web_payment_item_id, i.product_id, i.product_name, w.order_id, w.payment_status, r.review_id
            FROM web_payment w JOIN web_payment_item i ON i.web_payment_id = w.web_payment_id
            LEFT JOIN product_review r ON r.web_payment_item_id = i.web_payment_item_id
            WHERE w.order_id = ? AND w.user_id = ? AND i.product_id = ?
            """, [orderId, userId, productId]) { row throws(DatabaseError) in
            let text = try row.string("payment_status")
            guard let status = OrderStatus(rawValue: text) else {
                throw DatabaseError(kind: .other, message: "unknown web_payment.payment_status '\(text)'")
            }
            return (try Self.line(row), status)
        }
    }

    /// Every line of the user's order `orderId` with its review id, when the order's status lets its lines be
    /// reviewed (`ReviewRules.allowsReview`); empty otherwise.
    public func reviewableLines(_ db: any DatabaseConnection, userId: Int, orderId: String) throws -> [ReviewableLine] {
        let statuses = ReviewRules.reviewableStatuses.map(\.rawValue)
        guard !statuses.isEmpty else { return [] }
        return try db.query("""
            SELECT i.web_payment_item_id, i.product_id, i.product_name, w.order_id, r.review_id
            FROM web_payment w JOIN web_payment_item i ON i.web_payment_id = w.web_payment_id
            LEFT JOIN product_review r ON r.web_payment_item_id = i.web_payment_item_id
            WHERE w.order_id = ? AND w.user_id = ? AND w.payment_status IN (\(Self.placeholders(statuses.count)))
            ORDER BY i.web_payment_item_id
            """, [orderId, userId] + statuses, Self.line)
    }

    private static func line(_ row: borrowing Row) throws(DatabaseError) -> ReviewableLine {
        ReviewableLine(orderLineId: try row.int("web_payment_item_id"), orderId: try row.string("order_id"),
                       productId: try row.int("product_id"), productName: try row.string("product_name"),
                       reviewId: try row.optionalInt("review_id"))
    }

    /// A review by id, hidden or not.
    public func find(_ db: any DatabaseConnection, id: Int) throws -> Review? {
        try db.queryOne("SELECT \(Review.columns) FROM product_review WHERE review_id = ?", [id], Review.init(row:))
    }

    /// The product's visible reviews in `sort` order, `limit` from `offset`.
    public func page(_ db: any DatabaseConnection, productId: Int, sort: ReviewSort, limit: Int, offset: Int) throws -> [Review] {
        // Each order matches one of the partial indexes (product_id, …, review_id) WHERE hidden_at IS NULL.
        let order = switch sort {
        case .newest: "review_id DESC"
        case .highest: "rating DESC, review_id DESC"
        case .lowest: "rating ASC, review_id DESC"
        }
        return try db.query("""
            SELECT \(Review.columns) FROM product_review WHERE product_id = ? AND hidden_at IS NULL
            ORDER BY \(order) LIMIT ? OFFSET ?
            """, [productId, limit, offset], Review.init(row:))
    }

    /// How many visible reviews gave each star, counted from the rating index.
    public func summary(_ db: any DatabaseConnection, productId: Int) throws -> RatingSummary {
        let rows = try db.query("""
            SELECT rating, count(*) AS reviews FROM product_review WHERE product_id = ? AND hidden_at IS NULL GROUP BY rating
            """, [productId]) { row throws(DatabaseError) in (try row.int("rating"), try row.int("reviews")) }
        return RatingSummary(counts: Dictionary(rows, uniquingKeysWith: +))
    }

    // MARK: Writing

    /// Inserts the review and adds it to its product's summary. A second review of the same order line is
    /// refused by the unique index (`PersistenceError` is not involved: the caller sees a constraint error).
    @discardableResult
    public func insert(_ db: any DatabaseConnection, _ review: NewReview, now: Date = Date()) throws -> Review {
        let id = try db.queryOne("""
            INSERT INTO product_review (web_payment_item_id, product_id, user_id, author, rating, body,
                                        photo, photo_width, photo_height, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING review_id
            """, [review.orderLineId, review.productId, review.userId, review.author, review.rating, review.body,
                  review.photo?.fileName, review.photo?.width, review.photo?.height, now.unixSeconds]) { row throws(DatabaseError) in
            try row.int("review_id")
        }
        guard let id else { throw DatabaseError(kind: .other, message: "INSERT INTO product_review returned no review_id") }
        _ = try db.execute("""
            UPDATE product SET review_count = review_count + 1, rating_total = rating_total + ? WHERE product_id = ?
            """, [review.rating, review.productId])
        return Review(id: id, productId: review.productId, userId: review.userId, orderLineId: review.orderLineId,
                      author: review.author, rating: review.rating, body: review.body, photo: review.photo,
                      createdAt: Date(unixSeconds: now.unixSeconds), hiddenReason: nil)
    }

    /// Hides a visible review with `reason` and takes it out of its product's summary; returns the review as
    /// it was, or nil when there is no such review or it was already hidden (then nothing changes).
    public func hide(_ db: any DatabaseConnection, id: Int, reason: String, staffId: String, now: Date = Date()) throws -> Review? {
        guard let review = try find(db, id: id), !review.isHidden else { return nil }
        // The guard on hidden_at makes two operators hiding at once change the summary once.
        let changed = try db.execute("""
            UPDATE product_review SET hidden_at = ?, hidden_reason = ?, hidden_by = ? WHERE review_id = ? AND hidden_at IS NULL
            """, [now.unixSeconds, reason, staffId, id])
        guard changed == 1 else { return nil }
        _ = try db.execute("""
            UPDATE product SET review_count = review_count - 1, rating_total = rating_total - ? WHERE product_id = ?
            """, [review.rating, review.productId])
        return review
    }

    /// The newest reviews of every product, hidden ones too, with each product's name: the back office's list.
    public func recent(_ db: any DatabaseConnection, limit: Int, offset: Int) throws -> [(review: Review, productName: String)] {
        try db.query("""
            SELECT \(Review.columns.split(separator: ",").map { "r." + $0.trimmingCharacters(in: .whitespacesAndNewlines) + " AS "
                                                               + $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: ", ")),
                   p.name AS product_name
            FROM product_review r JOIN product p ON p.product_id = r.product_id
            ORDER BY r.review_id DESC LIMIT ? OFFSET ?
            """, [limit, max(0, offset)]) { row throws(DatabaseError) in (try Review(row: row), try row.string("product_name")) }
    }

    /// How many reviews there are, hidden ones too.
    public func count(_ db: any DatabaseConnection) throws -> Int {
        try db.queryOne("SELECT count(*) AS reviews FROM product_review") { row throws(DatabaseError) in try row.int("reviews") } ?? 0
    }

    private static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}

extension Review {
    /// The `product_review` columns `init(row:)` reads.
    static let columns = """
        review_id, product_id, user_id, web_payment_item_id, author, rating, body, photo, photo_width, photo_height,
        created_at, hidden_reason
        """

    init(row: borrowing Row) throws(DatabaseError) {
        var photo: ReviewPhoto?
        if let file = try row.optionalString("photo") {
            photo = ReviewPhoto(fileName: file, width: try row.optionalInt("photo_width") ?? 0,
                                height: try row.optionalInt("photo_height") ?? 0)
        }
        self.init(id: try row.int("review_id"), productId: try row.int("product_id"), userId: try row.int("user_id"),
                  orderLineId: try row.int("web_payment_item_id"), author: try row.string("author"),
                  rating: try row.int("rating"), body: try row.string("body"), photo: photo,
                  createdAt: Date(unixSeconds: try row.int64("created_at")), hiddenReason: try row.optionalString("hidden_reason"))
    }
}
