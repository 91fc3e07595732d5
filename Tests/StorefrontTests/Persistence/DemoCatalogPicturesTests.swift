import Foundation
import TestSupport
import Testing
@testable import Storefront

/// The shipped pictures under Public/images/products/demo are `DemoCatalogPictures`' output. After changing the
/// drawing, run these tests once with `STOREFRONT_WRITE_DEMO_PICTURES=1` to write the files again.
@Suite("Demo catalog pictures")
struct DemoCatalogPicturesTests {
    static let folder = LiveShopPaths.root.appendingPathComponent("Public/images/products/demo")

    static func shipped(_ url: String) throws -> Data {
        let name = String(url.dropFirst(DemoCatalogPictures.urlPrefix.count))
        return try Data(contentsOf: folder.appendingPathComponent(name))
    }

    @Test("the shipped demo pictures are exactly what the generator draws")
    func shippedMatchGenerator() throws {
        let files = DemoCatalogPictures.files()
        if ProcessInfo.processInfo.environment["STOREFRONT_WRITE_DEMO_PICTURES"] == "1" {
            try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
            for file in files { try Data(file.svg.utf8).write(to: Self.folder.appendingPathComponent(file.name)) }
        }
        for file in files {
            let onDisk = try Data(contentsOf: Self.folder.appendingPathComponent(file.name))
            #expect(onDisk == Data(file.svg.utf8), "\(file.name) differs from the generator's output")
        }
        let svgs = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".svg") }
        #expect(Set(svgs) == Set(files.map(\.name)), "a shipped picture no product uses, or one missing")
    }

    @Test("no two demo products share picture bytes")
    func everyPictureIsItsOwn() throws {
        let products = DemoCatalog.products
        let pictures = try products.map { try Self.shipped($0.image) }
        #expect(pictures.allSatisfy { !$0.isEmpty })
        #expect(Set(pictures).count == products.count)
        // Gallery views too: no view repeats another product's or another view's picture.
        let views = try products.flatMap { DemoCatalogPictures.gallery(forImage: $0.image) }.map { try Self.shipped($0.url) }
        #expect(Set(views).count == views.count)
    }

    @Test("a picture's description names its colour, shape and what its label says")
    func descriptions() throws {
        let gallery = DemoCatalogPictures.gallery(forImage: DemoCatalogPictures.urlPrefix + "beverages-2-1.svg")
        #expect(gallery.count == 3)
        let front = try #require(gallery.first)
        #expect(front.description.hasSuffix("병 앞면, 라벨에 ‘콜드브루 원액 1L’과 ‘청정수’"))
        #expect(gallery.map(\.url) == ["beverages-2-1.svg", "beverages-2-1-2.svg", "beverages-2-1-3.svg"]
            .map { DemoCatalogPictures.urlPrefix + $0 })
    }

    @Test("an image that is not a demo picture is its own one-picture gallery with an empty description")
    func otherImages() {
        #expect(DemoCatalogPictures.gallery(forImage: "/public/images/products/food.svg")
            == [DemoCatalogPictures.Picture(url: "/public/images/products/food.svg", description: "")])
    }

    @Test("a maker name with & is escaped in the SVG", arguments: [DemoCatalogPictures.urlPrefix + "stationery-1-2.svg"])
    func escaping(url: String) throws {
        let svg = try #require(String(data: try Self.shipped(url), encoding: .utf8))
        #expect(svg.contains("Papier &amp; Co."))
        #expect(!svg.contains("Papier & Co."))
    }
}
