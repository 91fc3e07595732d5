import Testing
@testable import Storefront

@Suite("Return paths taken from requests")
struct ReturnPathTests {
    @Test("a path of this shop is kept as it is",
          arguments: ["/", "/cart", "/orders?page=2", "/products/7#reviews", "/?q=%EC%9A%B0%EC%82%B0&sort=price_asc",
                      "/?q=우산", "/a b", "/100%25", "/%zz"])
    func localPathKept(path: String) {
        #expect(ReturnPath.local(path) == path)
    }

    @Test("anything a browser could read as another site, or with a control character, becomes the home page",
          arguments: AccountFormPageTests.foreignNextPaths
              + ["", "cart", "http:/evil.example", "/%2F%2Fevil.example", "/%25%32%46%25%32%46evil", "/x\u{7F}", "/%7F",
                 "/%C2%85", "/%2F%2Fevil.example%", "/x\u{0}"])
    func foreignPathRefused(path: String) {
        #expect(ReturnPath.local(path) == "/")
    }

    @Test("a missing path, a path past 2,048 bytes and one still decoding after three rounds become the home page")
    func boundedWork() {
        #expect(ReturnPath.local(nil) == "/")
        #expect(ReturnPath.local("/" + String(repeating: "a", count: ReturnPath.maxBytes)) == "/")
        #expect(ReturnPath.local("/" + String(repeating: "a", count: ReturnPath.maxBytes - 1)) != "/")
        #expect(ReturnPath.local("/%25252541") == "/")
        #expect(ReturnPath.local("/%252541") == "/%252541")
    }
}
