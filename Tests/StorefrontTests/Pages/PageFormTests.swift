import HTTP
import Testing
@testable import Storefront

@Suite("Forms a page cannot read")
struct PageFormTests {
    @Test("a body the HTTP layer cannot read as a form is a 400 with the Korean message",
          arguments: [("application/json", "{}"), ("application/x-www-form-urlencoded; charset=euc-kr", "a=1"),
                      ("application/x-www-form-urlencoded", "a=%ZZ")])
    func unreadable(contentType: String, body: String) throws {
        let request = Request(method: .POST, target: "/cart/items", path: "/cart/items", rawQuery: "",
                              headers: ["Content-Type": contentType], body: Array(body.utf8))
        let error = #expect(throws: HTTPError.self) { try request.pageForm() }
        #expect(error?.status == .badRequest)
        #expect(error?.message == SessionMiddleware.unreadableFormMessage)
    }
}
