import HTTP
import TestSupport
import Testing

@Suite("TestSupport: HTML parsing and the test browser")
struct TestSupportTests {
    @Test("XPath finds elements, their text and attributes")
    func xpath() throws {
        let document = try HTMLDocument(html: """
            <html><body><ul><li class="p"><a href="/products/1">커피</a></li><li class="p"><a href="/products/2">차</a></li></ul>
            <form method="post"><input name="csrf" value="t0k"></form></body></html>
            """)
        let links = document.xpath("//li[@class='p']/a")
        #expect(links.map(\.text) == ["커피", "차"])
        #expect(links.first?.attribute("href") == "/products/1")
        #expect(document.first("//input[@name='csrf']")?.attribute("value") == "t0k")
        #expect(document.xpath("//table").isEmpty)
        #expect(document.xpath("((broken").isEmpty)
    }

    @Test("the browser keeps cookies and follows a POST-redirect-GET")
    func browser() async throws {
        var router = Router()
        router.post("/login") { request in
            var response = Response.redirect(to: "/account")
            response.setCookie(SetCookie(name: "sid", value: (try request.form())["user"] ?? ""))
            return response
        }
        router.get("/account") { .text("hello \($0.cookies["sid"] ?? "nobody")") }
        router.post("/logout") { _ in
            var response = Response.redirect(to: "http://127.0.0.1/account")
            response.setCookie(.expired("sid"))
            return response
        }
        let fixture = try ServerFixture(handler: router.handler)
        let browser = TestBrowser(port: fixture.port)
        let page = try await browser.post("/login", form: [("user", "kim")])
        #expect(page.text == "hello kim")
        #expect(browser.currentPath == "/account")
        #expect(try await browser.post("/logout", form: []).text == "hello nobody")
        await fixture.stop()
    }
}
