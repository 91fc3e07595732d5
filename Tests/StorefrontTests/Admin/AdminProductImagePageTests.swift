import Foundation
import HTTP
import TestSupport
import Testing
@testable import Storefront

extension TestBrowser {
    /// Posts a multipart form as a browser sends it: plain fields, then each file under `field`.
    func postMultipart(_ action: String, fields: [(String, String)] = [],
                       files: [(field: String, name: String, bytes: [UInt8])]) async throws -> TestResponse {
        var data: [UInt8] = []
        for (name, value) in fields {
            data += Array("--F0rm\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for file in files {
            data += Array("--F0rm\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\n".utf8)
            data += Array("Content-Type: application/octet-stream\r\n\r\n".utf8) + file.bytes + Array("\r\n".utf8)
        }
        data += Array("--F0rm--\r\n".utf8)
        return try await request("POST", action, headers: [("Content-Type", "multipart/form-data; boundary=F0rm")], body: data)
    }
}

@Suite("Back-office product images over HTTP")
struct AdminProductImagePageTests {
    static let images = "//ol[@id='product-images']/li"

    /// The edit page's upload action (with its `?_csrf=`), read from the page as a browser would.
    static func uploadAction(_ browser: TestBrowser, _ productId: Int) async throws -> String {
        let page = try await browser.get("/admin/products/\(productId)").page()
        return try #require(page.first("//section[@id='images']//form[@enctype='multipart/form-data']")?.attribute("action"))
    }

    static func files(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    static func hashName(_ bytes: [UInt8], _ ext: String) -> String { SecureToken.hex(of: SHA256.hash(bytes)) + "." + ext }

    @Test("two images uploaded at once: listed main first with their sizes, audited, announced, and shown in the storefront")
    func uploadTwo() async throws {
        try await withMediaFolder { folder in
            try await withPageShop(configure: { $0.media.directory = folder }) { shop in
                let browser = try await shop.staffBrowser("op1", role: .operator)
                let png = ImageFixtures.png(width: 300, height: 200), jpeg = ImageFixtures.jpeg(width: 640, height: 480)
                let events = try await shop.shop.count("outbox")
                let response = try await browser.postMultipart(try await Self.uploadAction(browser, shop.apple.id),
                                                               fields: [("alt", "빨간 사과 한 봉지")],
                                                               files: [("image", "apple.png", png), ("image", "side.jpg", jpeg)])
                #expect(response.status == 200)
                #expect(browser.currentPath == "/admin/products/\(shop.apple.id)#images")
                let page = try response.page()
                #expect(page.text("//div[\(hasClass("flash"))]") == AdminFlash.imagesUploaded.message)
                let listed = page.xpath("\(Self.images)/img")
                #expect(listed.map { $0.attribute("src") } == ["/media/" + Self.hashName(png, "png"), "/media/" + Self.hashName(jpeg, "jpg")])
                #expect(listed.map { $0.attribute("width") } == ["300", "640"])
                #expect(listed.map { $0.attribute("height") } == ["200", "480"])
                #expect(page.texts("\(Self.images)//strong[\(hasClass("badge"))]") == ["대표"])
                #expect(Self.files(in: folder) == [Self.hashName(jpeg, "jpg"), Self.hashName(png, "png")].sorted())
                #expect(try await shop.audit(.init(staffId: "op1", action: .productImageUploaded)).count == 1)
                #expect(try await shop.shop.count("outbox") == events + 1)

                let product = try await shop.browser().get("/products/\(shop.apple.id)").page()
                let gallery = product.xpath("//ul[\(hasClass("gallery-track"))]//img")
                #expect(gallery.map { $0.attribute("src") } == ["/media/" + Self.hashName(png, "png"), "/media/" + Self.hashName(jpeg, "jpg")])
                #expect(gallery.map { $0.attribute("alt") } == ["빨간 사과 한 봉지", "빨간 사과 한 봉지"])
                #expect(gallery.map { $0.attribute("width") } == ["300", "640"])
                #expect(product.xpath("//ul[\(hasClass("gallery-thumbs"))]//a").map { $0.attribute("href") } == ["#picture-1", "#picture-2"])
                let catalog = try await shop.browser().get("/?q=" + PageContext.queryEncode("사과")).page()
                #expect(catalog.first("//a[@href='/products/\(shop.apple.id)']//img")?.attribute("src")
                    == "/media/" + Self.hashName(png, "png"))
                let served = try await shop.browser().get("/media/" + Self.hashName(png, "png"))
                #expect(served.body == png)
            }
        }
    }

    @Test("a single image whose 이미지 설명 only repeats the product's name is shown alone, with an empty alt")
    func altRepeatingName() async throws {
        try await withMediaFolder { folder in
            try await withPageShop(configure: { $0.media.directory = folder }) { shop in
                let browser = try await shop.staffBrowser()
                let png = ImageFixtures.png(width: 8, height: 6)
                _ = try await browser.postMultipart(try await Self.uploadAction(browser, shop.apple.id), fields: [("alt", "사과")],
                                                    files: [("image", "apple.png", png)])
                let product = try await shop.browser().get("/products/\(shop.apple.id)").page()
                let pictures = product.xpath("//ul[\(hasClass("gallery-track"))]//img")
                #expect(pictures.map { $0.attribute("src") } == ["/media/" + Self.hashName(png, "png")])
                #expect(pictures.map { $0.attribute("alt") } == [""])
                #expect(product.first("//ul[\(hasClass("gallery-thumbs"))]") == nil)
            }
        }
    }

    @Test("a script renamed .png comes back on the form with a Korean message, and nothing is kept")
    func scriptRefused() async throws {
        try await withMediaFolder { folder in
            try await withPageShop(configure: { $0.media.directory = folder }) { shop in
                let browser = try await shop.staffBrowser()
                let script = Array("#!/bin/sh\nrm -rf /\n".utf8)
                let response = try await browser.postMultipart(try await Self.uploadAction(browser, shop.apple.id),
                                                               files: [("image", "photo.png", script)])
                #expect(response.status == 415)
                let page = try response.page()
                #expect(page.text("//p[@id='image-file-error']") == "photo.png: " + ImageError.unsupportedFormat.message)
                #expect(page.first("//input[@id='image-file']")?.attribute("aria-invalid") == "true")
                #expect(Self.files(in: folder).isEmpty)
                #expect(try await shop.shop.count("product_image") == 0)
            }
        }
    }

    @Test("a sixth image is refused with a Korean message and its file is removed from the folder")
    func sixthRefused() async throws {
        try await withMediaFolder { folder in
            try await withPageShop(configure: { $0.media.directory = folder }) { shop in
                let browser = try await shop.staffBrowser()
                let five = (1...5).map { ("image", "p\($0).png", ImageFixtures.png(width: $0, height: 1)) }
                let first = try await browser.postMultipart(try await Self.uploadAction(browser, shop.apple.id), files: five)
                #expect(try first.page().xpath("\(Self.images)").count == 5)
                #expect(try first.page().first("//input[@id='image-file']") == nil)
                let sixth = try await browser.postMultipart("/admin/products/\(shop.apple.id)/images?_csrf="
                                                            + (browser.cookies[StaffSessionMiddleware.csrfCookie] ?? ""),
                                                            files: [("image", "p6.png", ImageFixtures.png(width: 6, height: 1))])
                #expect(sixth.status == 422)
                #expect(try sixth.page().text("//p[@id='images-alert']") == ProductImageRules.tooManyMessage)
                #expect(Self.files(in: folder).count == 5)
                #expect(try await shop.shop.count("product_image") == 5)
            }
        }
    }

    @Test("an upload without the CSRF token in its action is refused with 403, nothing read or kept")
    func csrfRequired() async throws {
        try await withMediaFolder { folder in
            try await withPageShop(configure: { $0.media.directory = folder }) { shop in
                let browser = try await shop.staffBrowser()
                let response = try await browser.postMultipart("/admin/products/\(shop.apple.id)/images",
                                                               files: [("image", "a.png", ImageFixtures.png(width: 2, height: 2))])
                #expect(response.status == 403)
                #expect(Self.files(in: folder).isEmpty)
            }
        }
    }

    @Test("대표로, 위로 and 삭제 reorder and remove without script; the card follows the main image and returns to the demo picture")
    func reorderAndDelete() async throws {
        try await withMediaFolder { folder in
            try await withPageShop(configure: { $0.media.directory = folder }) { shop in
                let browser = try await shop.staffBrowser("op1", role: .operator)
                let a = ImageFixtures.png(width: 10, height: 10), b = ImageFixtures.png(width: 20, height: 10)
                let uploaded = try await browser.postMultipart(try await Self.uploadAction(browser, shop.apple.id),
                                                               files: [("image", "a.png", a), ("image", "b.png", b)])
                let toMain = try #require(uploaded.page().first("\(Self.images)[2]//form[.//input[@value='main']]")?.attribute("action"))
                let moved = try await browser.adminSubmit(toMain, fields: [("to", "main")])
                #expect(try moved.page().text("//div[\(hasClass("flash"))]") == AdminFlash.imageMoved.message)
                #expect(try moved.page().xpath("\(Self.images)/img").map { $0.attribute("width") } == ["20", "10"])
                func card() async throws -> String? {
                    try await shop.browser().get("/?q=" + PageContext.queryEncode("사과")).page()
                        .first("//a[@href='/products/\(shop.apple.id)']//img")?.attribute("src")
                }
                #expect(try await card() == "/media/" + Self.hashName(b, "png"))
                #expect(try await shop.audit(.init(staffId: "op1", action: .productImageMoved)).count == 1)
                for _ in 0..<2 {
                    let page = try await browser.get("/admin/products/\(shop.apple.id)").page()
                    let delete = try #require(page.first("\(Self.images)[1]//form[contains(@action, '/delete')]")?.attribute("action"))
                    #expect(try await browser.adminSubmit(delete, fields: []).status == 200)
                }
                #expect(try await shop.shop.count("product_image") == 0)
                #expect(try await card() == PageContext.imageURL(shop.apple))
                #expect(try await shop.audit(.init(staffId: "op1", action: .productImageDeleted)).count == 2)
            }
        }
    }
}
