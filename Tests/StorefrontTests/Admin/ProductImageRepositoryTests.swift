import Database
import Foundation
import TestSupport
import Testing
@testable import Storefront

@Suite("Product images in the database")
struct ProductImageRepositoryTests {
    static func picture(_ digit: Character, width: Int = 40, height: Int = 30) -> ProductPicture {
        ProductPicture(fileName: String(repeating: digit, count: 64) + ".png", width: width, height: height)
    }

    @Test("images are appended in order and the first is copied onto the product as its main image", arguments: TestDatabases.engines)
    func appendAndMain(engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let product = try await shop.product()
            let repository = ProductImageRepository()
            try await shop.write { db in
                try repository.append(db, productId: product.id, Self.picture("a"), byteCount: 10, now: Date())
                try repository.append(db, productId: product.id, Self.picture("b", width: 80), byteCount: 20, now: Date())
                try repository.syncMain(db, productId: product.id)
            }
            let images = try await shop.read { db in try repository.images(db, productId: product.id) }
            #expect(images.map(\.position) == [0, 1])
            #expect(images.map(\.picture.fileName) == [Self.picture("a").fileName, Self.picture("b").fileName])
            let stored = try await shop.read { db in try CatalogRepository().product(db, id: product.id) }
            #expect(stored?.mainImage == Self.picture("a"))
        }
    }

    @Test("renumbering writes 0, 1, 2 in the given order; deleting closes the gap; the last one gone clears the main image",
          arguments: TestDatabases.engines)
    func reorderAndDelete(engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let product = try await shop.product()
            let repository = ProductImageRepository()
            let ids = try await shop.write { db in
                try ["a", "b", "c"].map { digit in
                    try repository.append(db, productId: product.id, Self.picture(Character(digit)), byteCount: 1, now: Date())
                }
            }
            try await shop.write { db in
                try repository.renumber(db, productId: product.id, order: [ids[2], ids[0], ids[1]])
                _ = try repository.delete(db, productId: product.id, id: ids[0])
                try repository.syncMain(db, productId: product.id)
            }
            let images = try await shop.read { db in try repository.images(db, productId: product.id) }
            #expect(images.map(\.id) == [ids[2], ids[1]])
            #expect(images.map(\.position) == [0, 1])
            #expect(try await shop.read { db in try CatalogRepository().product(db, id: product.id) }?.mainImage == Self.picture("c"))
            try await shop.write { db in
                for id in [ids[1], ids[2]] { _ = try repository.delete(db, productId: product.id, id: id) }
                try repository.syncMain(db, productId: product.id)
            }
            #expect(try await shop.read { db in try CatalogRepository().product(db, id: product.id) }?.mainImage == nil)
        }
    }

    @Test("one file appears once per product", arguments: TestDatabases.engines)
    func oncePerProduct(engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop async throws in
            let product = try await shop.product()
            let repository = ProductImageRepository()
            try await shop.write { db in try repository.append(db, productId: product.id, Self.picture("a"), byteCount: 1, now: Date()) }
            await #expect(throws: (any Error).self) {
                try await shop.write { db in try repository.append(db, productId: product.id, Self.picture("a"), byteCount: 1, now: Date()) }
            }
        }
    }
}
