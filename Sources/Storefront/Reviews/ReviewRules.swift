import Foundation

/// What a review must be, and who may write one. The schema holds the same bounds (migration "product
/// reviews"), so a write that slipped past these checks is still refused.
public enum ReviewRules {
    public static let ratingField = "rating"
    public static let bodyField = "body"
    public static let photoField = "photo"

    public static let ratings = 1...5
    /// Counted in code points (`TextLength`), as SQLite's and PostgreSQL's `length` count.
    public static let bodyLength = 10...1_000
    /// Reviews per product page.
    public static let perPage = 10
    /// Longest reason an operator may give for hiding a review.
    public static let maxHideReasonLength = 200

    static let ratingMessage = "별점을 1점부터 5점 중에서 골라 주세요."
    static let bodyMessage = "리뷰는 \(bodyLength.lowerBound)자 이상 1,000자 이하로 써 주세요."
    static let notYetMessage = "결제가 완료된 주문의 상품만 리뷰를 쓸 수 있습니다."
    static let alreadyMessage = "이 주문의 상품에는 이미 리뷰를 썼습니다."
    static let hideReasonMessage = "숨기는 이유를 1자 이상 \(maxHideReasonLength)자 이하로 써 주세요."

    /// Whether an order in `status` lets its buyer review its lines: paid. This is the one place the rule
    /// lives (the repository's queries are built from it), so once fulfilment lands, 구매 확정 is added here.
    public static func allowsReview(_ status: OrderStatus) -> Bool {
        status == .paid
    }

    /// The statuses `allowsReview` accepts, for a query's `IN (…)`.
    static var reviewableStatuses: [OrderStatus] { OrderStatus.allCases.filter(allowsReview) }

    /// The form's rating and text, checked; every refused field is named in one `.validation`.
    static func validate(rating: String, body: String) throws(ShopError) -> (rating: Int, body: String) {
        var errors: ValidationErrors = [:]
        let stars = FormNumber.integer(rating.trimmingCharacters(in: .whitespaces))
        if stars.map(ratings.contains) != true { errors[ratingField] = ratingMessage }
        // Line endings as browsers send them (CRLF) count as one character, as the textarea showed them.
        let text = body.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if !bodyLength.contains(TextLength.of(text)) { errors[bodyField] = bodyMessage }
        guard errors.isEmpty, let stars else { throw .validation(errors) }
        return (stars, text)
    }

    /// The sign-in id as a review shows it: its first two characters and an asterisk for each of the rest
    /// (at least two), so a reviewer is recognisable to themselves and to no one else.
    static func maskedAuthor(_ signupId: String) -> String {
        let shown = signupId.prefix(2)
        return shown + String(repeating: "*", count: max(2, signupId.count - shown.count))
    }
}
