import Foundation
import HTTP
import TestSupport
import Testing
@testable import Storefront

@Suite("Back-office product pages over HTTP")
struct AdminProductPageTests {
    static let fields: [(String, String)] = [
        ("name", "제주 한라봉"), ("price", "15000"), ("category", "식품"), ("country", "대한민국"),
        ("manufacturer", "제주농원"), ("quantity", "7"), ("description", "새콤달콤"), ("visibility", "on_sale"),
    ]

    static func replacing(_ name: String, with value: String, in fields: [(String, String)] = fields) -> [(String, String)] {
        fields.map { $0.0 == name ? (name, value) : $0 }
    }

    @Test("an operator creates a product through the form, lands on its edit page and finds it in the list")
    func create() async throws {
        try await withPageShop { shop in
            let browser = try await shop.staffBrowser("op1", role: .operator)
            let response = try await browser.adminSubmit("/admin/products/new", fields: Self.fields)
            #expect(response.status == 200)
            #expect(browser.currentPath.hasPrefix("/admin/products/"))
            let page = try response.page()
            #expect(page.text("//h1") == "상품 수정")
            #expect(page.text("//div[\(hasClass("flash"))]") == AdminFlash.productCreated.message)
            #expect(page.first("//input[@id='product-name']")?.attribute("value") == "제주 한라봉")
            let list = try await browser.get("/admin/products?q=" + PageContext.queryEncode("한라봉")).page()
            #expect(list.texts("//table[\(hasClass("admin-table"))]//tbody//a") == ["제주 한라봉"])
            #expect(try await shop.audit(.init(staffId: "op1", action: .productCreated)).count == 1)
        }
    }

    @Test("a price above 1억 comes back on its field with a Korean message, nothing created")
    func badPrice() async throws {
        try await withPageShop { shop in
            let browser = try await shop.staffBrowser()
            let before = try await shop.shop.count("product")
            let response = try await browser.adminSubmit("/admin/products/new", fields: Self.replacing("price", with: "100000001"))
            #expect(response.status == 422)
            let page = try response.page()
            #expect(page.text("//p[@id='product-price-error']") == ProductRules.priceMessage)
            #expect(page.first("//input[@id='product-price']")?.attribute("aria-invalid") == "true")
            #expect(page.first("//input[@id='product-name']")?.attribute("value") == "제주 한라봉")
            #expect(try await shop.shop.count("product") == before)
        }
    }

    @Test("of two operators editing one product, the second save is refused with a message and overwrites nothing")
    func concurrentEdits() async throws {
        try await withPageShop { shop in
            let first = try await shop.staffBrowser("op1", role: .operator)
            let second = try await shop.staffBrowser("op2", role: .operator)
            let path = "/admin/products/\(shop.apple.id)"
            let firstForm = try await first.get(path).page()
            let secondForm = try await second.get(path).page()
            let firstRevision = try #require(firstForm.first("//input[@name='revision']")?.attribute("value"))
            let secondRevision = try #require(secondForm.first("//input[@name='revision']")?.attribute("value"))
            let saved = try await first.adminSubmit(path, fields: [("revision", firstRevision)] + Self.replacing("name", with: "햇사과"))
            #expect(saved.status == 200)
            let refused = try await second.adminSubmit(path, fields: [("revision", secondRevision)] + Self.replacing("name", with: "묵은 사과"))
            #expect(refused.status == 409)
            let page = try refused.page()
            #expect(page.text("//p[@id='form-alert']")?.hasPrefix(ProductAdminService.staleEditMessage) == true)
            #expect(page.first("//input[@id='product-name']")?.attribute("value") == "묵은 사과")
            let stored = try await ProductAdminService(database: shop.shop.database).find(id: shop.apple.id)
            #expect(stored.product.name == "햇사과")
        }
    }

    @Test("a hidden product's storefront page is gone while the back office still lists it as 숨김")
    func hiddenProduct() async throws {
        try await withPageShop { shop in
            let browser = try await shop.staffBrowser()
            let path = "/admin/products/\(shop.apple.id)"
            let revision = try #require(try await browser.get(path).page().first("//input[@name='revision']")?.attribute("value"))
            let saved = try await browser.adminSubmit(path, fields: [("revision", revision)] + Self.replacing("visibility", with: "hidden"))
            #expect(saved.status == 200)
            #expect(try await shop.browser().get("/products/\(shop.apple.id)").status == 404)
            // The form's fields renamed the apple too.
            let list = try await browser.get("/admin/products?q=" + PageContext.queryEncode("한라봉")).page()
            #expect(list.texts("//table[\(hasClass("admin-table"))]//tbody//td[6]") == ["숨김"])
        }
    }

    @Test("deleting a product an order names hides it instead and says so")
    func deleteOrderedHides() async throws {
        try await withPageShop { shop in
            let shopper = try await shop.signedInBrowser()
            _ = try await shop.placeOrder(shopper, shop.apple)
            let browser = try await shop.staffBrowser()
            let response = try await browser.adminSubmit("/admin/products/\(shop.apple.id)/delete", fields: [])
            #expect(response.status == 200)
            #expect(try response.page().text("//div[\(hasClass("flash"))]") == AdminFlash.productHiddenInstead.message)
            #expect(try await ProductAdminService(database: shop.shop.database).find(id: shop.apple.id).hidden)
        }
    }

    @Test("a product created in the back office is on the storefront, and its stock adjustment shows in its history")
    func createSellAdjustWalk() async throws {
        try await withPageShop { shop in
            let browser = try await shop.staffBrowser("op1", role: .operator)
            let created = try await browser.adminSubmit("/admin/products/new", fields: Self.fields)
            #expect(created.status == 200)
            let path = browser.currentPath
            let id = try #require(Int(path.dropFirst("/admin/products/".count)))
            let storefront = try await shop.browser().get("/products/\(id)")
            #expect(storefront.status == 200)
            #expect(try storefront.page().text("//h1") == "제주 한라봉")
            let listing = try await shop.browser().get("/?q=" + PageContext.queryEncode("한라봉")).page()
            #expect(listing.first("//a[@href='/products/\(id)']") != nil)
            let adjusted = try await browser.adminSubmit(path + "/stock", fields: [("delta", "-2"), ("reason", "stocktake"), ("note", "")])
            let page = try adjusted.page()
            #expect(page.text("//strong[@id='product-stock']") == "5")
            #expect(page.texts("//table[@id='stock-ledger']//tbody/tr/td[2]") == ["재고 조사", "등록 시 재고"])
            #expect(page.texts("//table[@id='stock-ledger']//tbody/tr/td[3]") == ["-2", "+7"])
        }
    }

    @Test("an operator's adjustment on the product page shows in its stock history with reason, change and staff")
    func adjustStockOnPage() async throws {
        try await withPageShop { shop in
            let browser = try await shop.staffBrowser("op1", role: .operator)
            let path = "/admin/products/\(shop.apple.id)"
            let response = try await browser.adminSubmit(path + "/stock", fields: [("delta", "5"), ("reason", "restock"), ("note", "")])
            #expect(response.status == 200)
            let page = try response.page()
            #expect(page.text("//strong[@id='product-stock']") == "15")
            #expect(page.texts("//table[@id='stock-ledger']//tbody/tr[1]/td")
                .dropFirst().elementsEqual(["입고", "+5", "15", "직원 op1", ""]))
        }
    }

    @Test("an adjustment that would take stock below zero comes back with a message and changes nothing")
    func adjustBelowZeroOnPage() async throws {
        try await withPageShop { shop in
            let browser = try await shop.staffBrowser()
            let response = try await browser.adminSubmit("/admin/products/\(shop.lastUnit.id)/stock",
                                                         fields: [("delta", "-2"), ("reason", "damage"), ("note", "")])
            #expect(response.status == 409)
            let page = try response.page()
            #expect(page.text("//p[@id='stock-alert']") == StockAdjustmentForm.belowZeroMessage + " (현재 1개)")
            #expect(page.first("//input[@id='stock-delta']")?.attribute("value") == "-2")
            #expect(try await shop.shop.stock(shop.lastUnit.id) == 1)
        }
    }
}
