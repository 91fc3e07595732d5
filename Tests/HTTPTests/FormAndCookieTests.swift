import HTTP
import Testing

private func formRequest(_ body: String, contentType: String? = "application/x-www-form-urlencoded") -> Request {
    var headers = HTTPHeaders()
    if let contentType { headers.add("Content-Type", contentType) }
    return Request(method: .POST, target: "/", path: "/", rawQuery: "", headers: headers, body: Array(body.utf8))
}

@Suite("Forms, queries and cookies")
struct FormAndCookieTests {
    @Test("form fields are decoded", arguments: [
        ("a=1&b=2", [("a", "1"), ("b", "2")]),
        ("name=%ED%99%8D+%EA%B8%B8%EB%8F%99", [("name", "홍 길동")]),
        ("plus=%2B&space=a+b", [("plus", "+"), ("space", "a b")]),
        ("empty=&flag", [("empty", ""), ("flag", "")]),
        ("&&a=1&&", [("a", "1")]),
        ("eq=a=b", [("eq", "a=b")]),
        ("", []),
    ])
    func formDecoding(body: String, expected: [(String, String)]) throws {
        let form = try formRequest(body).form()
        #expect(form.pairs.map(\.name) == expected.map(\.0))
        #expect(form.pairs.map(\.value) == expected.map(\.1))
    }

    @Test("a malformed form escape or invalid UTF-8 is 400", arguments: ["a=%", "a=%4", "a=%zz", "%GG=1", "a=%FF%FE"])
    func badFormEscape(body: String) {
        #expect(throws: HTTPError.self) { try formRequest(body).form() }
        do { _ = try formRequest(body).form() } catch { #expect(error.status == .badRequest) }
    }

    @Test("a body that is not a UTF-8 url-encoded form is 415", arguments: [
        nil, "application/json", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded; charset=iso-8859-1",
    ])
    func wrongContentType(contentType: String?) {
        do {
            _ = try formRequest("a=1", contentType: contentType).form()
            Issue.record("expected 415")
        } catch {
            #expect(error.status == .unsupportedMediaType)
        }
    }

    @Test("the content type is matched case-insensitively with a UTF-8 charset")
    func contentTypeWithCharset() throws {
        let form = try formRequest("a=1", contentType: "Application/X-WWW-Form-Urlencoded; charset=UTF-8").form()
        #expect(form["a"] == "1")
    }

    @Test("repeated names keep every value in order; the subscript gives the first")
    func repeatedNames() throws {
        let form = try formRequest("tag=a&tag=b&tag=c").form()
        #expect(form["tag"] == "a")
        #expect(form.all("tag") == ["a", "b", "c"])
    }

    @Test("the query keeps a malformed escape as sent; strictQuery refuses it")
    func queryLeniency() {
        let request = Request(method: .GET, target: "/?q=100%&p=2", path: "/", rawQuery: "q=100%&p=2")
        #expect(request.query["q"] == "100%")
        #expect(request.query["p"] == "2")
        #expect(throws: HTTPError.self) { try request.strictQuery() }
    }

    @Test("cookies are parsed from every Cookie field", arguments: [
        ("a=1; b=2", ["a": "1", "b": "2"]),
        ("  a = 1 ;b=\"quoted\"", ["a": "1", "b": "quoted"]),
        ("novalue; =empty; c=3", ["c": "3"]),
        ("a=1; a=2", ["a": "1"]),
        ("token=abc==", ["token": "abc=="]),
        ("", [:]),
    ])
    func cookieParsing(header: String, expected: [String: String]) {
        let request = Request(method: .GET, target: "/", path: "/", rawQuery: "", headers: ["Cookie": header])
        #expect(request.cookies == expected)
    }

    @Test("Set-Cookie carries its attributes", arguments: [
        (SetCookie(name: "sid", value: "abc"), "sid=abc; Path=/; HttpOnly; SameSite=Lax"),
        (SetCookie(name: "sid", value: "abc", maxAge: 3600, secure: true, sameSite: .strict),
         "sid=abc; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=Strict"),
        (SetCookie(name: "x", value: "1", httpOnly: false, sameSite: SetCookie.SameSite.none),
         "x=1; Path=/; Secure; SameSite=None"),
        (SetCookie.expired("sid"), "sid=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"),
        (SetCookie(name: "a", value: "b;c\r\nX: y"), "a=bcX:y; Path=/; HttpOnly; SameSite=Lax"),
    ])
    func setCookie(cookie: SetCookie, expected: String) {
        #expect(cookie.headerValue == expected)
    }

    @Test("several cookies become several Set-Cookie fields")
    func severalCookies() {
        var response = Response.text("ok")
        response.setCookie(SetCookie(name: "a", value: "1"))
        response.setCookie(SetCookie(name: "b", value: "2"))
        #expect(response.headers.values(for: "Set-Cookie").count == 2)
    }
}
