import Foundation

/// A shopper's review of one order line, as the product page shows it.
///
/// `author` is the reviewer's sign-in id masked at writing (`sh****`): the page never shows a whole id. A hidden
/// review (an operator's decision, `hiddenReason` says why) is left out of every page and of the product's
/// rating, and kept for the record.
public struct Review: Sendable, Equatable {
    public let id: Int
    public let productId: Int
    public let userId: Int
    /// The order line reviewed (`web_payment_item_id`); one review each.
    public let orderLineId: Int
    public let author: String
    /// 1…5.
    public let rating: Int
    /// 10…1,000 code points, as typed.
    public let body: String
    /// The photo's stored file (`<sha256>.<ext>` under `media.directory`), nil without one.
    public let photo: ReviewPhoto?
    public let createdAt: Date
    public let hiddenReason: String?

    public var isHidden: Bool { hiddenReason != nil }
}

/// A review's photo: the stored file and its size, for `<img width height>`.
public struct ReviewPhoto: Sendable, Equatable {
    public let fileName: String
    public let width: Int
    public let height: Int

    /// Where `MediaFiles` serves it.
    public var url: String { "/media/" + fileName }
}

/// What `ReviewRepository.insert` writes; the service has checked the shopper bought the line and the rules.
public struct NewReview: Sendable, Equatable {
    public var productId: Int
    public var userId: Int
    public var orderLineId: Int
    public var author: String
    public var rating: Int
    public var body: String
    public var photo: ReviewPhoto?
}

/// A product's visible reviews in numbers: how many, the sum of their stars, and how many gave each star.
///
/// The product row keeps `count` and `total` (`product.review_count`, `product.rating_total`), changed in the
/// transaction that adds or hides a review, so a catalog card reads its ★ 4.6 (128) with the product and never
/// aggregates reviews.
public struct RatingSummary: Sendable, Equatable, Codable {
    public let count: Int
    public let total: Int
    /// Reviews per star, index 0 for ★1 … index 4 for ★5 (only on the product page; empty on cards).
    public let distribution: [Int]

    public init(count: Int, total: Int, distribution: [Int] = []) {
        self.count = max(0, count)
        self.total = max(0, total)
        self.distribution = distribution
    }

    /// The distribution as counted rows (`rating`, `reviews`) add up.
    public init(counts: [Int: Int]) {
        let distribution = (1...5).map { counts[$0] ?? 0 }
        var total = 0
        for (star, reviews) in zip(1...5, distribution) { total += star * reviews }
        self.init(count: distribution.reduce(0, +), total: total, distribution: distribution)
    }

    /// The average to one decimal, rounded half up ("4.6"), computed in integers; nil without reviews.
    public var averageText: String? {
        guard count > 0 else { return nil }
        let tenths = (total * 10 + count / 2) / count
        return "\(tenths / 10).\(tenths % 10)"
    }
}

/// The orders a product's reviews can be listed in.
public enum ReviewSort: String, Sendable, CaseIterable {
    case newest
    case highest
    case lowest

    /// The URL's `reviews` value; anything else is newest.
    public init(query: String?) { self = query.flatMap(ReviewSort.init(rawValue:)) ?? .newest }

    public var label: String {
        switch self {
        case .newest: "최신순"
        case .highest: "별점 높은순"
        case .lowest: "별점 낮은순"
        }
    }
}

/// One page of a product's visible reviews, with the product's summary counted from the same rows.
public struct ReviewPage: Sendable, Equatable {
    public let summary: RatingSummary
    public let reviews: [Review]
    public let sort: ReviewSort
    /// 1-based, within 1…pageCount.
    public let page: Int
    public let pageCount: Int
}

/// An order line its buyer may review now, or has reviewed.
public struct ReviewableLine: Sendable, Equatable {
    public let orderLineId: Int
    public let orderId: String
    public let productId: Int
    public let productName: String
    /// The review already written for this line, if any.
    public let reviewId: Int?
}
