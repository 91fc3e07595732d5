import TestSupport
import Testing
@testable import Storefront

@Suite("Error pages over HTTP")
struct ErrorPageTests {
    @Test("an unexpected failure answers the Korean 500 page in the layout, without details")
    func unexpectedFailure() async throws {
        try await withPageShop { shop in
            let response = try await shop.browser().get(PageShop.failingPath)
            #expect(response.status == 500)
            let page = try response.page()
            #expect(page.errorCode == "500")
            #expect(page.errorHeading == "일시적인 오류가 발생했습니다")
            #expect(page.errorMessage == "잠시 후 다시 시도해 주세요.")
            #expect(!response.text.contains("secret"))
        }
    }

    @Test("a form whose body cannot be read answers the Korean 400 page and changes nothing",
          arguments: ["quantity=%ZZ", "product_id=%FF&quantity=1"])
    func malformedForm(body: String) async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let token = try await browser.csrfToken()
            let response = try await browser.request("POST", "/cart/items", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                                     body: Array("_csrf=\(token)&\(body)".utf8))
            #expect(response.status == 400)
            let page = try response.page()
            #expect(page.errorHeading == "잘못된 요청입니다")
            #expect(page.errorMessage == SessionMiddleware.unreadableFormMessage)
            #expect(try await shop.cartLines().isEmpty)
        }
    }

    @Test("a POST that is not a form answers 400 and changes nothing")
    func notAForm() async throws {
        try await withPageShop { shop in
            let browser = try await shop.signedInBrowser()
            let token = try await browser.csrfToken()
            let response = try await browser.request("POST", "/cart/items", headers: [("Content-Type", "application/json")],
                                                     body: Array("{\"_csrf\":\"\(token)\",\"product_id\":1,\"quantity\":1}".utf8))
            #expect(response.status == 400)
            #expect(try response.page().errorCode == "400")
            #expect(try await shop.cartLines().isEmpty)
        }
    }
}
