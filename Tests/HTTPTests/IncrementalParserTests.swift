@testable import HTTP
import Testing

/// Limits small enough for the cases below to reach them.
private let smallLimits = ParserLimits(maxRequestLineBytes: 200, maxHeaderBytes: 400, maxHeaderCount: 10, maxBodyBytes: 100)

private func summary(_ events: [ParseEvent]) -> [String] {
    events.map { event in
        switch event {
        case .needMore: "more"
        case .expectContinue: "100"
        case .failure(let status): "fail \(status.code)"
        case .streamedHead(let request, _, _): "stream \(request.method) \(request.path)"
        case .streamedBodyEnd: "end"
        case .request(let request, let keepAlive):
            "\(request.method) \(request.path) \(String(decoding: request.body, as: UTF8.self)) \(keepAlive)"
        }
    }
}

private let requests: [(String, [String])] = [
    ("GET /a HTTP/1.1\r\nHost: x\r\n\r\n", ["GET /a  true"]),
    ("POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", ["POST /b hello true"]),
    ("POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n",
     ["POST /c abcde true"]),
    ("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
     ["GET /1  true", "GET /2  false"]),
    ("GET /old HTTP/1.0\r\n\r\n", ["GET /old  false"]),
    ("GET /a HTTP/1.1\r\nHost: x\r\nX-A: a\nb\r\n\r\n", ["fail 400"]),
]

@Suite("Incremental parsing")
struct IncrementalParserTests {
    @Test("a request gives the same result whether it arrives whole or in pieces",
          arguments: requests, [1, 2, 3, 7, 1000])
    func pieces(request: (String, [String]), step: Int) {
        #expect(summary(parseInPieces(Array(request.0.utf8), step: step, limits: smallLimits)) == request.1)
    }
}
