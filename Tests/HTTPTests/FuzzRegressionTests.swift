@testable import HTTP
import Testing
import TestSupport

/// Replays the HTTP fuzz targets' kept inputs (Tests/Fuzz): each parses to requests or a refusal, never a crash.
@Suite("Fuzz inputs kept for the HTTP parser and the form decoder")
struct FuzzRegressionTests {
    @Test("every kept request input parses in network-sized pieces without a crash", arguments: FuzzInputs.of("http-request"))
    func requestInput(_ input: FuzzInputs.Input) {
        let limits = ParserLimits(maxRequestLineBytes: 512, maxHeaderBytes: 2048, maxHeaderCount: 16, maxBodyBytes: 1024)
        // The fuzz target reads its first byte as the size of each network read.
        let step = Int((input.bytes.first ?? 0) % 32) + 1
        for event in parseInPieces(Array(input.bytes.dropFirst()), step: step, limits: limits) {
            if case .request(let request, _) = event {
                _ = request.query
                _ = try? request.strictQuery()
                _ = try? request.form()
                _ = request.cookies
            }
        }
    }

    @Test("every kept form input decodes leniently, and strictly to the same pairs or not at all",
          arguments: FuzzInputs.of("form-decoder"))
    func formInput(_ input: FuzzInputs.Input) throws {
        let lenient = try #require(Parameters.parse(urlEncoded: input.bytes, strict: false))
        if let strict = Parameters.parse(urlEncoded: input.bytes, strict: true) {
            #expect(strict.pairs.count == lenient.pairs.count)
        }
    }
}
