import Database
import Foundation

/// The demo shop: products generated from `DemoCatalogData` plus one demo account, so the first
/// run shows a full catalog. Seeding is idempotent: products are added only to an empty catalog
/// and the account only when its signup id is free.
public enum DemoCatalog {
    public static let demoSignupId = "demo"
    public static let demoPassword = "demo1234"
    public static let demoName = "데모 사용자"
    public static let demoPhone = "01012345678"
    /// The demo shop's back-office owner (`/admin/login`), seeded with the demo shopper.
    public static let demoOwnerId = "owner"
    public static let demoOwnerPassword = "owner1234"
    public static let demoOwnerName = "데모 소유자"

    /// Price multipliers per maker within a category, so the same item differs by brand.
    static let makerPriceFactors = [100, 115, 90]

    /// Every demo product, in a stable order (150 products across 10 categories).
    public static var products: [NewProduct] {
        var products: [NewProduct] = []
        var serial = 0
        for category in DemoCatalogData.categories {
            for (itemIndex, item) in category.items.enumerated() {
                for (makerIndex, maker) in category.makers.enumerated() {
                    serial += 1
                    let factor = makerPriceFactors[makerIndex % makerPriceFactors.count]
                    // Round to 100원 as real price tags are.
                    let price = (item.price * factor / 100 + 50) / 100 * 100
                    products.append(NewProduct(
                        name: "\(maker.name) \(item.name)", price: price, category: category.name,
                        country: maker.country, manufacturer: maker.name, quantity: stock(for: serial),
                        description: "\(item.description) \(maker.country)의 \(maker.name)에서 만들었습니다.",
                        image: DemoCatalogPictures.frontURL(categorySlug: category.slug, itemIndex: itemIndex,
                                                            makerIndex: makerIndex)))
                }
            }
        }
        return products
    }

    /// Deterministic stock: a few sold out, a few nearly gone, the rest plenty.
    static func stock(for serial: Int) -> Int {
        if serial % 23 == 0 { return 0 }
        if serial % 11 == 0 { return serial % 5 + 1 }
        return 20 + (serial * 37) % 180
    }

    /// Seeds `database`: demo products when the catalog is empty, the demo account and the demo owner when missing,
    /// in one transaction. Returns what was added.
    @discardableResult
    public static func seed(into database: any DatabaseWriter, hasher: PasswordHasher = PasswordHasher(),
                            now: Date = Date()) async throws -> (products: Int, accounts: Int)
    {
        let catalog = CatalogRepository()
        let accounts = AccountRepository()
        // Hash outside the write transaction (bcrypt is slow on purpose and must not hold the
        // writer), and only when the account is missing, so a restart does not pay for it.
        let missing = try await database.read { db in try accounts.find(db, signupId: demoSignupId) == nil }
        let passwordHash = missing ? try hasher.hash(demoPassword) : nil
        let staff = StaffRepository()
        let ownerMissing = try await database.read { db in try staff.find(db, id: demoOwnerId) == nil }
        let ownerHash = ownerMissing ? try hasher.hash(demoOwnerPassword) : nil
        return try await database.write { db in
            var addedProducts = 0
            let existing = try db.queryOne("SELECT count(*) AS products FROM product") { row throws(DatabaseError) in
                try row.int("products")
            } ?? 0
            if existing == 0 {
                for product in products { try catalog.insert(db, product, now: now) }
                addedProducts = products.count
            }
            var addedAccounts = 0
            if let passwordHash, try accounts.find(db, signupId: demoSignupId) == nil {
                try accounts.create(db, NewAccount(signupId: demoSignupId, passwordHash: passwordHash,
                                                   name: demoName, phone: demoPhone), now: now)
                addedAccounts = 1
            }
            if let ownerHash, try staff.find(db, id: demoOwnerId) == nil {
                try staff.create(db, StaffMember(id: demoOwnerId, name: demoOwnerName, role: .owner, active: true,
                                                 createdAt: now, updatedAt: now), passwordHash: ownerHash)
                addedAccounts += 1
            }
            return (addedProducts, addedAccounts)
        }
    }
}
