// catalog-scale: seeds a large catalog into a temp database and prints the latency of filtered,
// paginated catalog queries at page 1 and page 500, for two catalog sizes, so growth is visible.
// Run: swift run -c release catalog-scale [--engine sqlite|postgres] [products...]   (default: sqlite, 10000 100000)
// On postgres, STOREFRONT_DATABASE_URL names a server and a user who may create databases: each size gets a
// scratch database of its own, dropped afterwards.
import Database
import Foundation
import Storefront

let arguments = Array(CommandLine.arguments.dropFirst())
let engine: DatabaseEngine = arguments.firstIndex(of: "--engine").flatMap { index in
    arguments.indices.contains(index + 1) ? DatabaseEngine(rawValue: arguments[index + 1]) : nil
} ?? .sqlite
let sizes = arguments.compactMap { Int($0) }
let catalogSizes = sizes.isEmpty ? [10_000, 100_000] : sizes
let categories = ["식품", "음료", "생활용품", "주방용품", "뷰티", "패션잡화", "디지털", "문구"]
let countries = ["대한민국", "일본", "미국", "독일", "이탈리아", "프랑스", "베트남", "중국"]
let nouns = ["텀블러", "머그컵", "운동화", "노트북 거치대", "보조배터리", "원두커피", "수건", "우산", "백팩", "무선 마우스"]
let runs = 200

func seed(_ pool: any DatabaseWriter, count: Int) async throws {
    let catalog = CatalogRepository()
    var generator = SystemRandomNumberGenerator()
    let products = (0..<count).map { index in
        NewProduct(name: "\(nouns[index % nouns.count]) 시리즈 \(index % 997)" + (index % 1_000 == 0 ? " 한정" : ""), price: Int.random(in: 10...5_000, using: &generator) * 100,
                   category: categories[index % categories.count], country: countries[(index / 3) % countries.count],
                   manufacturer: "제조사 \(index % 50)", quantity: index % 100,
                   description: "벤치마크용 상품 설명입니다. 번호 \(index).", image: "/public/images/products/food.svg")
    }
    try await pool.write { db in for product in products { try catalog.insert(db, product) } }
}

/// Median and 95th percentile in milliseconds of `body` run on a reader, plus its last result.
func measure<T: Sendable>(_ pool: any DatabaseWriter, _ body: @escaping @Sendable (any DatabaseConnection) throws -> T) async throws -> (p50: Double, p95: Double, result: T) {
    var samples: [Double] = []
    var last: T?
    for _ in 0..<runs {
        let started = ContinuousClock.now
        last = try await pool.read(body)
        let elapsed = ContinuousClock.now - started
        samples.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3)
    }
    samples.sort()
    guard let last else { throw CancellationError() }
    return (samples[runs / 2], samples[runs * 95 / 100], last)
}

let queries: [(String, (Int) -> CatalogQuery)] = [
    ("category, price asc", { CatalogQuery(category: "음료", sort: .priceAscending, page: $0) }),
    ("category, newest", { CatalogQuery(category: "음료", sort: .new, page: $0) }),
    ("country, price desc", { CatalogQuery(country: "일본", sort: .priceDescending, page: $0) }),
    ("no filter, newest", { CatalogQuery(sort: .new, page: $0) }),
    ("search \"텀블러\" (10%)", { CatalogQuery(q: "텀블러", page: $0) }),
    ("search \"시리즈 123\" (0.1%)", { CatalogQuery(q: "시리즈 123", page: $0) }),
    ("search \"우산\" (10%, 2 chars)", { CatalogQuery(q: "우산", page: $0) }),
    ("search \"한정\" (0.1%, 2 chars)", { CatalogQuery(q: "한정", page: $0) }),
]

/// A fresh, migrated shop database on `engine`, and what removes it.
func scratchDatabase() async throws -> (pool: any DatabaseWriter, remove: () -> Void) {
    switch engine {
    case .sqlite:
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-scale-\(UUID().uuidString).sqlite").path
        let pool = try await StorefrontSchema.open(path: path, configuration: .init(synchronous: .normal, readerCount: 2))
        return (pool, { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } })
    case .postgres:
        guard let text = ProcessInfo.processInfo.environment["STOREFRONT_DATABASE_URL"] else {
            print("catalog-scale --engine postgres: set STOREFRONT_DATABASE_URL to a server where the user may create databases")
            exit(2)
        }
        let server = try PostgresURL(parsing: text)
        let name = "catalog_scale_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        try PostgresConnection(configuration: PostgresConfiguration(url: server)).executeScript("CREATE DATABASE \(name)")
        guard var components = URLComponents(string: text) else { exit(2) }
        components.path = "/" + name
        let pool = try await PostgresPool(configuration: PostgresConfiguration(url: try PostgresURL(parsing: components.string ?? text), poolSize: 3))
        try await StorefrontSchema.migrator.migrate(pool)
        return (pool, {
            _ = try? PostgresConnection(configuration: PostgresConfiguration(url: server)).executeScript("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        })
    }
}

print("engine: \(engine.rawValue)")
for size in catalogSizes {
    let (pool, remove) = try await scratchDatabase()
    defer { remove() }
    let seedStart = ContinuousClock.now
    try await seed(pool, count: size)
    print("\(size) products seeded in \(ContinuousClock.now - seedStart)")
    if engine == .postgres {
        // What autovacuum does on a live server: statistics for the planner, and the visibility map that lets
        // counts read the indexes alone. Measured right after a bulk load, without it, PostgreSQL plans blind.
        try await pool.writeWithoutTransaction { db in try db.executeScript("VACUUM ANALYZE") }
    }
    let catalog = CatalogRepository()
    print("query                       page  page p50  page p95  items | count p50  count p95  total")
    for (name, make) in queries {
        for pageNumber in [1, 500] {
            let query = make(pageNumber)
            let page = try await measure(pool) { db in try catalog.page(db, query).count }
            let count = try await measure(pool) { db in try catalog.count(db, query) }
            let label = name.count > 26 ? String(name.prefix(26)) : name + String(repeating: " ", count: 26 - name.count)
            print(label, String(format: "%5d %9.3f %9.3f %6d | %9.3f %10.3f %6d",
                                pageNumber, page.p50, page.p95, page.result, count.p50, count.p95, count.result))
        }
    }
    await pool.close()
    print("")
}
