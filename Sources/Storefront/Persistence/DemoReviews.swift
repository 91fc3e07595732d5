import Database
import Foundation

/// Reviews for the demo shop (`storefront seed`), so its catalog cards show ★ 4.4 (5) and its product pages a
/// distribution and a list, as a shop that has sold something does. Each review is written as a real one is:
/// by a buyer (five demo reviewers, `reviewer1`…`reviewer5`, whose password nobody knows) of a paid order line,
/// through `OrderRepository` (stock reserved, the order PAID) and `ReviewRepository` (the product's summary kept),
/// so nothing in the demo breaks a rule the shop enforces. Seeding adds them once: never when any review exists.
public enum DemoReviews {
    /// How many of the newest products (the catalog's first page) get reviews.
    static let productCount = 12

    static let reviewers: [(id: String, name: String)] = [
        ("reviewer1", "김하늘"), ("reviewer2", "이서준"), ("reviewer3", "박지우"), ("reviewer4", "최민서"), ("reviewer5", "정예린"),
    ]

    /// Ratings and texts, chosen by a product's and a reviewer's position so that every run seeds the same demo.
    static let texts: [(rating: Int, body: String)] = [
        (5, "포장이 꼼꼼하고 배송도 빨랐어요. 다음에도 여기서 살게요."),
        (4, "사진과 거의 같아요. 가격 생각하면 만족합니다."),
        (5, "두 번째 구매예요. 품질이 한결같아서 믿고 삽니다."),
        (3, "무난해요. 기대보다 조금 작았지만 쓰기엔 괜찮습니다."),
        (5, "선물했는데 받는 분이 아주 좋아했어요!"),
        (4, "생각보다 튼튼해요. 설명이 자세해서 고르기 쉬웠습니다."),
        (2, "배송 중에 상자가 조금 찌그러졌어요. 상품은 멀쩡합니다."),
    ]

    /// Seeds the reviews when the shop has none; returns how many were written.
    @discardableResult
    public static func seed(into database: any DatabaseWriter, hasher: PasswordHasher = PasswordHasher(), now: Date = Date()) async throws -> Int {
        let existing = try await database.read { db in
            try db.queryOne("SELECT count(*) AS reviews FROM product_review") { row throws(DatabaseError) in try row.int("reviews") } ?? 0
        }
        guard existing == 0 else { return 0 }
        // Nobody signs in as a reviewer: the password is random and forgotten at once (hashed outside the write).
        let passwordHash = try hasher.hash(UUID().uuidString + UUID().uuidString)
        return try await database.write { db in
            let accounts = AccountRepository(), orders = OrderRepository(), reviews = ReviewRepository(), catalog = CatalogRepository()
            var userIds: [Int] = []
            for (index, reviewer) in reviewers.enumerated() {
                let account = try accounts.find(db, signupId: reviewer.id)
                    ?? accounts.create(db, NewAccount(signupId: reviewer.id, passwordHash: passwordHash, name: reviewer.name,
                                                      phone: "0101000000\(index)"), now: now)
                userIds.append(account.id)
            }
            let productIds = try db.query("SELECT product_id FROM product ORDER BY product_id DESC LIMIT ?", [productCount]) {
                row throws(DatabaseError) in try row.int("product_id")
            }
            var written = 0
            for (position, productId) in productIds.enumerated() {
                // A sold-out product has no buyers to review it; the others get two to five reviews.
                guard let product = try catalog.product(db, id: productId), product.quantity >= reviewers.count else { continue }
                for (index, reviewer) in reviewers.enumerated().prefix(2 + position % 4) {
                    let writtenAt = now.addingTimeInterval(-Double((position + 1) * (index + 2)) * 3_600)
                    let order = try orders.create(db, NewOrder(userId: userIds[index], signupId: reviewer.id, customerName: reviewer.name,
                                                               customerPhone: "0101000000\(index)", paymentMethod: "toss.card",
                                                               lines: [.init(productId: productId, quantity: 1)], fromCart: false),
                                                  now: writtenAt)
                    _ = try orders.transition(db, orderId: order.orderId, from: [.pending], to: .paid, now: writtenAt)
                    guard let line = try reviews.reviewableLines(db, userId: userIds[index], orderId: order.orderId).first else { continue }
                    let text = texts[(position * 3 + index) % texts.count]
                    try reviews.insert(db, NewReview(productId: productId, userId: userIds[index], orderLineId: line.orderLineId,
                                                     author: reviewer.name, rating: text.rating, body: text.body, photo: nil),
                                       now: writtenAt)
                    written += 1
                }
            }
            return written
        }
    }
}
