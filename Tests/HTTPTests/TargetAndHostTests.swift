@testable import HTTP
import Testing

private let limits = ParserLimits(maxRequestLineBytes: 512, maxHeaderBytes: 1024, maxHeaderCount: 20, maxBodyBytes: 1024)

/// What the parser made of one whole request: "METHOD target path ?query host=… body=…", or "fail N".
private func parsed(_ raw: String) -> String {
    let events = parseInPieces(Array(raw.utf8), step: raw.utf8.count, limits: limits)
    guard let first = events.first else { return "more" }
    switch first {
    case .needMore: return "more"
    case .expectContinue: return "100"
    case .failure(let status): return "fail \(status.code)"
    case .streamedHead, .streamedBodyEnd: return "stream"
    case .request(let request, _):
        return "\(request.method) \(request.target) \(request.path) ?\(request.rawQuery) host=\(request.headers["Host"] ?? "-")"
            + " body=\(String(decoding: request.body, as: UTF8.self))"
    }
}

private func get(_ target: String, host: String = "shop") -> String {
    parsed("GET \(target) HTTP/1.1\r\nHost: \(host)\r\n\r\n")
}

@Suite("Request target, Host and chunked framing syntax (RFC 9112 §3.2, §7.1; RFC 9110 §4.2, §7.2)")
struct TargetAndHostTests {
    @Test("a Host that is not uri-host [\":\" port] is refused with 400",
          arguments: ["a b", "x/y", "a@b", "a:b:c", "h:8o", "[::1", "::1", "h?x", "h#x", "h\\x", "h%zz", "[::1]x",
                      "é.kr"])
    func badHost(_ host: String) {
        #expect(get("/", host: host) == "fail 400")
    }

    @Test("a Host that is a name, an address or a bracketed IPv6 literal, with or without a port, is accepted",
          arguments: ["shop", "shop.example.kr:8080", "127.0.0.1", "[::1]:443", "[v1.x]", "xn--9t4b11yi5a.kr",
                      "a-b_c~d!$&'()*+,;=", "h%41", "h:"])
    func goodHost(_ host: String) {
        #expect(get("/", host: host) == "GET / / ? host=\(host) body=")
    }

    @Test("an empty Host is accepted, as RFC 9112 §3.2 asks of a target without an authority")
    func emptyHost() {
        #expect(parsed("GET / HTTP/1.1\r\nHost:\r\n\r\n") == "GET / / ? host= body=")
    }

    @Test("an absolute-form target reaches the handler as its origin-form, with the target's authority as Host")
    func absoluteForm() {
        #expect(get("http://h/public/css/app.css?v=2", host: "other")
            == "GET /public/css/app.css?v=2 /public/css/app.css ?v=2 host=h body=")
    }

    @Test("an absolute-form target without a path means the path /", arguments: [
        ("http://h", "GET / / ? host=h body="),
        ("http://h:8080?x=1", "GET /?x=1 / ?x=1 host=h:8080 body="),
        ("HTTPS://h/", "GET / / ? host=h body="),
    ])
    func absoluteFormWithoutPath(_ target: String, _ expected: String) {
        #expect(get(target) == expected)
    }

    @Test("an absolute-form target with userinfo, a bad authority or a bad scheme is refused with 400",
          arguments: ["http://u@h/", "http://u:p@h/", "http:///x", "http://a b/", "http://h:8o/", "1http://h/",
                      "ht~tp://h/", "ftp://h/", "://h/", "http:/h/", "http://[::1/"])
    func badAbsoluteForm(_ target: String) {
        #expect(get(target) == "fail 400")
    }

    @Test("a chunked trailer line that is not a field is refused with 400", arguments: [
        "NoColon", "Bad Name: x", "Name : x", ": x", "Name: a\u{7F}b",
    ])
    func badTrailer(_ trailer: String) {
        #expect(parsed("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\(trailer)\r\n\r\n")
            == "fail 400")
    }

    @Test("chunked trailer fields are read and the body kept", arguments: ["X-Sum: 1", "X-Empty:", "a:b"])
    func goodTrailer(_ trailer: String) {
        #expect(parsed("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\(trailer)\r\n\r\n")
            == "POST / / ? host=x body=a")
    }

    @Test("chunk extensions that follow RFC 9112 §7.1.1 are skipped", arguments: [
        "3;a", "3;a=b", "3 ;a", "3; a = b", "3;a=\"x y;\\\"z\";b", "3;a;b=c", "3;a=b ;c",
    ])
    func goodChunkExtension(_ sizeLine: String) {
        #expect(parsed("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n\(sizeLine)\r\nabc\r\n0\r\n\r\n")
            == "POST / / ? host=x body=abc")
    }

    @Test("a chunk size line that is not a size and extensions is refused with 400", arguments: [
        "3 x", "3 ", "3;", "3;=b", "3;a=", "3;a b", "3;a=b c", "3;a=\"x", "3;a=\"x\"y", "3;a=(b)", "3;a=b\u{7F}",
    ])
    func badChunkExtension(_ sizeLine: String) {
        #expect(parsed("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n\(sizeLine)\r\nabc\r\n0\r\n\r\n")
            == "fail 400")
    }

    @Test("a Content-Length with leading zeros is its number, however many zeros")
    func contentLengthLeadingZeros() {
        let zeros = String(repeating: "0", count: 30)
        #expect(parsed("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \(zeros)3\r\n\r\nabc") == "POST / / ? host=x body=abc")
        #expect(parsed("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \(zeros)\r\n\r\n") == "POST / / ? host=x body=")
    }

    @Test("a chunk size with leading zeros is its number, however many zeros")
    func chunkSizeLeadingZeros() {
        let zeros = String(repeating: "0", count: 30)
        #expect(parsed("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n\(zeros)3\r\nabc\r\n\(zeros)\r\n\r\n")
            == "POST / / ? host=x body=abc")
    }

    @Test("a Content-Length or chunk size past 18 significant digits is still refused")
    func hugeLengths() {
        let big = "1" + String(repeating: "0", count: 18)
        #expect(parsed("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \(big)\r\n\r\n") == "fail 400")
        #expect(parsed("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\(String(repeating: "0", count: 15))\r\n")
            == "fail 413")
    }
}
