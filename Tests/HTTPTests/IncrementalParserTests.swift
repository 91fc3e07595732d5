@testable import HTTP
import Testing

/// Feeds `raw` to a parser `step` bytes at a time, the way a slow network would, and returns every event.
private func parseInPieces(_ raw: [UInt8], step: Int) -> [ParseEvent] {
    var parser = RequestParser(limits: ParserLimits(maxRequestLineBytes: 200, maxHeaderBytes: 400,
                                                    maxHeaderCount: 10, maxBodyBytes: 100),
                               remoteAddress: "127.0.0.1")
    var buffered: [UInt8] = []
    var events: [ParseEvent] = []
    var offset = 0
    while offset < raw.count {
        buffered += raw[offset..<min(raw.count, offset + step)]
        offset += step
        while true {
            var consumed = 0
            let event = buffered.withUnsafeBufferPointer { parser.parse($0, consumed: &consumed) }
            buffered.removeFirst(consumed)
            if case .needMore = event { break }
            events.append(event)
            if case .failure = event { return events }
        }
    }
    return events
}

private func summary(_ events: [ParseEvent]) -> [String] {
    events.map { event in
        switch event {
        case .needMore: "more"
        case .expectContinue: "100"
        case .failure(let status): "fail \(status.code)"
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
        #expect(summary(parseInPieces(Array(request.0.utf8), step: step)) == request.1)
    }
}
