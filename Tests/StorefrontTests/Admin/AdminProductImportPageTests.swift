import Foundation
import HTTP
import TestSupport
import Testing
@testable import Storefront

@Suite("Back-office products CSV over HTTP")
struct AdminProductImportPageTests {
    @Test("the export is a UTF-8 CSV with a byte-order mark, the Korean header and every product, hidden ones too")
    func export() async throws {
        try await withPageShop { shop in
            let browser = try await shop.staffBrowser("op1", role: .operator)
            let response = try await browser.get("/admin/products/export.csv")
            #expect(response.status == 200)
            #expect(response.headers["Content-Type"] == "text/csv; charset=utf-8")
            #expect(response.headers["Content-Disposition"]?.contains("attachment") == true)
            #expect(Array(response.body.prefix(3)) == [0xEF, 0xBB, 0xBF])
            let lines = response.text.split(separator: "\r\n")
            #expect(lines.first?.hasSuffix("상품번호,상품명,가격,분류,원산지,제조사,재고,판매 상태,설명") == true)
            #expect(lines.count == 5)
            #expect(lines.contains { $0.hasPrefix("\(shop.apple.id),사과,12900,식품,대한민국,한빛농원,10,판매중,") })
        }
    }

    @Test("an uploaded file shows a preview that changes nothing; 이대로 반영 applies it and lands on the list")
    func previewThenApply() async throws {
        try await withPageShop { shop in
            let browser = try await shop.staffBrowser("op1", role: .operator)
            let form = try await browser.get("/admin/products/import").page()
            let action = try #require(form.first("//form[@enctype='multipart/form-data']")?.attribute("action"))
            #expect(form.first("//label[@for='import-file']") != nil)
            let file = ProductCSVTests.file("\(shop.apple.id),사과,13900,식품,대한민국,한빛농원,10,판매중,아삭한 햇사과", ",자두,3000,식품,대한민국,의성농원,5,판매중,")
            let preview = try await browser.postMultipart(action, files: [("file", "products.csv", Array(("\u{FEFF}" + file).utf8))])
            #expect(preview.status == 200)
            let page = try preview.page()
            #expect(page.text("//p[@id='import-summary']")?.hasPrefix("새 상품 1개, 바뀌는 상품 1개") == true)
            #expect(page.texts("//table[@id='import-updates']//li").contains("가격: 12,900원 → 13,900원"))
            #expect(page.texts("//table[@id='import-creates']//tbody/tr/td[2]") == ["자두"])
            #expect(try await shop.shop.count("product") == 4)
            let apply = try #require(page.first("//section[@id='import-preview']//form")?.attribute("action"))
            let applied = try await browser.adminSubmit(apply, fields: [])
            #expect(applied.status == 200)
            #expect(browser.currentPath == "/admin/products")
            #expect(try applied.page().text("//div[\(hasClass("flash"))]") == AdminFlash.productsImported.message)
            #expect(try await shop.shop.count("product") == 5)
            #expect(try await shop.audit(.init(staffId: "op1", action: .productsImported)).count == 1)
            let storefront = try await shop.browser().get("/products/\(shop.apple.id)").page()
            #expect(storefront.text("//p[\(hasClass("product-price"))]") == "13,900원")
        }
    }

    @Test("a file with bad rows is refused whole with each row and column named, and nothing changes")
    func refusedFile() async throws {
        try await withPageShop { shop in
            let browser = try await shop.staffBrowser()
            let action = try #require(try await browser.get("/admin/products/import").page()
                .first("//form[@enctype='multipart/form-data']")?.attribute("action"))
            let file = ProductCSVTests.file(",자두,3000,식품,대한민국,의성농원,5,판매중,", ",배,공짜,식품,대한민국,나주농원,5,판매중,")
            let response = try await browser.postMultipart(action, files: [("file", "products.csv", Array(file.utf8))])
            #expect(response.status == 422)
            #expect(try response.page().texts("//ul[@id='import-problems']/li") == ["3행 가격: " + ProductRules.priceMessage])
            #expect(try await shop.shop.count("product") == 4)
            #expect(try await shop.shop.count("product_import") == 0)
        }
    }

    @Test("a file over admin.productImportMaxBytes is refused with 413 in Korean")
    func tooLarge() async throws {
        try await withPageShop(configure: { $0.admin.productImportMaxBytes = 1024 }) { shop in
            let browser = try await shop.staffBrowser()
            let action = try #require(try await browser.get("/admin/products/import").page()
                .first("//form[@enctype='multipart/form-data']")?.attribute("action"))
            let file = ProductCSVTests.file(String(repeating: ",자두,3000,식품,대한민국,의성농원,5,판매중,\r\n", count: 40))
            let response = try await browser.postMultipart(action, files: [("file", "products.csv", Array(file.utf8))])
            #expect(response.status == 413)
            #expect(try response.page().texts("//ul[@id='import-problems']/li").count == 1)
        }
    }
}
