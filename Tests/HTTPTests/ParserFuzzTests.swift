@testable import HTTP
import Testing
import TestSupport

/// Requests a browser or a script would send, to be mangled.
private let seeds: [String] = [
    "GET /products/7?q=%EC%82%AC%EA%B3%BC&page=2 HTTP/1.1\r\nHost: shop\r\nCookie: sf_session=abc; sf_csrf=def\r\n\r\n",
    "POST /cart/items HTTP/1.1\r\nHost: shop\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 38\r\n\r\nproduct_id=7&quantity=2&_csrf=a%2Bb+c",
    "POST /login HTTP/1.1\r\nHost: shop\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nsignu\r\n10;ext=1\r\np_id=demo&passwo\r\n0\r\nTrailer: x\r\n\r\n",
    "GET / HTTP/1.0\r\n\r\n",
    "POST /checkout HTTP/1.1\r\nHost: shop\r\nExpect: 100-continue\r\nContent-Length: 9\r\n\r\nmethod=x&",
]

/// Bytes that sit on the parser's decisions: line ends, separators, escapes, non-ASCII, NUL.
private let pivotal: [UInt8] = Array("\r\n :;%+=&?/\t,\0".utf8) + [0x7F, 0x80, 0xC3, 0xFF] + Array("0123456789-aZ".utf8)

private let limits = ParserLimits(maxRequestLineBytes: 256, maxHeaderBytes: 512, maxHeaderCount: 12, maxBodyBytes: 128)

/// One mangling of `bytes`: a byte flipped, a pivotal byte put in, a byte or a run dropped, a run repeated,
/// a length rewritten, or the input cut short.
private func mutate(_ bytes: [UInt8], _ random: inout SeededGenerator) -> [UInt8] {
    var bytes = bytes
    for _ in 0..<Int.random(in: 1...4, using: &random) {
        guard !bytes.isEmpty else { break }
        let at = Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0..<7, using: &random) {
        case 0: bytes[at] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
        case 1: bytes.insert(pivotal.randomElement(using: &random) ?? 0, at: at)
        case 2: bytes.remove(at: at)
        case 3: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...16, using: &random)))
        case 4: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + Int.random(in: 1...24, using: &random))], at: at)
        case 5: bytes = Array(bytes.prefix(at))
        default:
            let lengths = ["0", "-1", "99999999999999999999", "1e3", " 7", "007", "12, 12"]
            bytes.insert(contentsOf: Array("\r\nContent-Length: \(lengths.randomElement(using: &random) ?? "")".utf8), at: at)
        }
    }
    return bytes
}

/// Parses everything in `raw` fed `step` bytes at a time and describes each event (a request by all it carries).
private func events(_ raw: [UInt8], step: Int) -> [String] {
    parseInPieces(raw, step: step, limits: limits).map { event in
        switch event {
        case .needMore: "more"
        case .expectContinue: "100"
        case .failure(let status): "fail \(status.code)"
        case .streamedHead(let request, _, _): "stream \(request.method) \(request.path)"
        case .streamedBodyEnd: "end"
        case .request(let request, let keepAlive): describe(request, keepAlive: keepAlive)
        }
    }
}

/// Everything a handler may ask of a request, so the accessors are fuzzed with the parser.
private func describe(_ request: Request, keepAlive: Bool) -> String {
    let form: String
    do { form = "\(try request.form().pairs)" } catch { form = "form \(error.status.code)" }
    return "\(request.method) \(request.path) \(request.rawQuery) \(request.query.pairs) "
        + "\(request.cookies.sorted { $0.key < $1.key }) \(form) \(request.body) \(keepAlive)"
}

@Suite("Parser under mangled input")
struct ParserFuzzTests {
    /// The statuses a refused request may get; anything else would be a parser bug.
    static let refusals: Set<Int> = [400, 411, 413, 414, 431, 501, 505]

    @Test("thousands of mangled requests never crash the parser, refuse only with request-error statuses, and parse alike whole or in pieces",
          arguments: 0..<8)
    func mangled(batch: UInt64) {
        var random = SeededGenerator(state: 0x5EED_0000 + batch)
        for round in 0..<600 {
            let seed = seeds[round % seeds.count]
            let input = mutate(Array(seed.utf8), &random)
            // "100" (Expect: 100-continue) is owed only while the body is still to come, so pieces may say it.
            let whole = events(input, step: input.count + 1).filter { $0 != "100" }
            let step = Int.random(in: 1...9, using: &random)
            let pieces = events(input, step: step).filter { $0 != "100" }
            #expect(whole == pieces, "batch \(batch) round \(round) step \(step): \(String(decoding: input, as: UTF8.self).debugDescription)")
            for event in whole where event.hasPrefix("fail ") {
                #expect(Self.refusals.contains(Int(event.dropFirst(5)) ?? 0), "batch \(batch) round \(round): \(event)")
            }
        }
    }
}
