@testable import HTTP
import Testing
import TestSupport

/// One part as the parser reported it: its head and all its content joined.
struct ParsedPart: Equatable {
    var head: MultipartPartHead
    var content: [UInt8]
}

/// Feeds `pieces` in order and returns the parts, checking that every part that starts also ends.
func parseParts(_ pieces: [[UInt8]], boundary: String = "XyZ", limits: MultipartLimits = MultipartLimits()) throws(MultipartError) -> [ParsedPart] {
    var parser = try MultipartParser(boundary: boundary, limits: limits)
    var parts: [ParsedPart] = []
    var open = false
    for piece in pieces {
        for event in try parser.feed(piece) {
            switch event {
            case .partStarted(let head):
                parts.append(ParsedPart(head: head, content: []))
                open = true
            case .partData(let bytes):
                precondition(open && !bytes.isEmpty)
                parts[parts.count - 1].content += bytes
            case .partEnded:
                open = false
            }
        }
    }
    try parser.finish()
    precondition(!open)
    return parts
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// A small body with a field, a file whose content holds CRLFs and near-delimiters, and an empty file input.
let smallBody = bytes(
    "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n봄 신상품\r\n"
        + "--XyZ\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n"
        + "\u{1}\r\n--XyY\r\n-XyZ\r\n\r\n--Xy\r\r\n"
        + "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"empty\"; filename=\"\"\r\n\r\n"
        + "\r\n--XyZ--\r\n")

let smallBodyParts = [
    ParsedPart(head: MultipartPartHead(name: "title"), content: bytes("봄 신상품")),
    ParsedPart(head: MultipartPartHead(name: "image", filename: "a.png", contentType: "image/png"),
               content: bytes("\u{1}\r\n--XyY\r\n-XyZ\r\n\r\n--Xy\r\r\n")),
    ParsedPart(head: MultipartPartHead(name: "empty", filename: ""), content: []),
]

@Suite("multipart/form-data parsing (RFC 7578, RFC 2046 §5.1.1)")
struct MultipartParserTests {
    @Test("a small body split into two reads at every byte offset parses the same")
    func splitAtEveryOffset() throws {
        for offset in 0...smallBody.count {
            let parts = try parseParts([Array(smallBody[..<offset]), Array(smallBody[offset...])])
            #expect(parts == smallBodyParts, "split at \(offset)")
        }
    }

    @Test("a small body fed one byte at a time parses the same")
    func oneByteAtATime() throws {
        #expect(try parseParts(smallBody.map { [$0] }) == smallBodyParts)
    }

    @Test("a body without its close delimiter is refused at its end")
    func missingFinalBoundary() {
        let cut = bytes("--XyZ\r\nContent-Disposition: form-data; name=\"a\"; filename=\"a.png\"\r\n\r\nabc\r\n--XyZ\r\n")
        #expect(throws: MultipartError.missingFinalBoundary) { try parseParts([cut]) }
        #expect(throws: MultipartError.missingFinalBoundary) { try parseParts([Array(smallBody.dropLast(4))]) }
        #expect(MultipartError.missingFinalBoundary.status == .badRequest)
    }

    @Test("a body with no boundary at all is refused")
    func noBoundary() {
        #expect(throws: MultipartError.missingFinalBoundary) { try parseParts([bytes("just some text\r\n")]) }
    }

    @Test("a file part over the per-file limit is refused with 413 as soon as it is crossed")
    func fileTooLarge() {
        let limits = MultipartLimits(maxFileBytes: 1000)
        var body = bytes("--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"big.png\"\r\n\r\n")
        // No close delimiter: the limit must trip while the content streams, not at the end (the parser holds back
        // only the 6 bytes that could start "\r\n--XyZ").
        body += [UInt8](repeating: 0x41, count: 1001 + 6)
        #expect(throws: MultipartError.fileTooLarge(limit: 1000)) { try parseParts([body], limits: limits) }
        #expect(MultipartError.fileTooLarge(limit: 1000).status == .contentTooLarge)
    }

    @Test("a file exactly at the per-file limit is accepted")
    func fileAtLimit() throws {
        let limits = MultipartLimits(maxFileBytes: 1000)
        var body = bytes("--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"ok.png\"\r\n\r\n")
        body += [UInt8](repeating: 0x41, count: 1000) + bytes("\r\n--XyZ--")
        #expect(try parseParts([body], limits: limits).first?.content.count == 1000)
    }

    @Test("a plain field over the field limit is refused with 413")
    func fieldTooLarge() {
        let limits = MultipartLimits(maxFieldBytes: 10)
        let body = bytes("--XyZ\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\n12345678901\r\n--XyZ--")
        #expect(throws: MultipartError.fieldTooLarge(limit: 10)) { try parseParts([body], limits: limits) }
    }

    @Test("more parts than allowed are refused with 413")
    func tooManyParts() throws {
        let part = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n"
        let body = bytes(String(repeating: part, count: 4) + "--XyZ--")
        #expect(throws: MultipartError.tooManyParts(limit: 3)) { try parseParts([body], limits: MultipartLimits(maxParts: 3)) }
        #expect(try parseParts([body], limits: MultipartLimits(maxParts: 4)).count == 4)
    }

    @Test("a part header block over its limit is refused with 413, even before it ends")
    func partHeadersTooLarge() {
        let limits = MultipartLimits(maxPartHeaderBytes: 100)
        let head = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Pad: " + String(repeating: "p", count: 200)
        #expect(throws: MultipartError.partHeadersTooLarge(limit: 100)) { try parseParts([bytes(head)], limits: limits) }
    }

    @Test("the whole body over its limit is refused with 413")
    func bodyTooLarge() {
        #expect(throws: MultipartError.bodyTooLarge(limit: 100)) {
            try parseParts([Array(smallBody.prefix(60)), Array(smallBody.dropFirst(60))], limits: MultipartLimits(maxBodyBytes: 100))
        }
    }

    @Test("a preamble, transport padding after a delimiter and an epilogue are ignored")
    func preamblePaddingEpilogue() throws {
        let body = bytes("This is a preamble.\r\n--XyZ \t\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--XyZ--\r\nepilogue --XyZ junk")
        #expect(try parseParts([body]) == [ParsedPart(head: MultipartPartHead(name: "a"), content: bytes("v"))])
    }

    @Test("the boundary text inside content but not at a line start is content")
    func boundaryNotAtLineStart() throws {
        let body = bytes("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx--XyZ\n--XyZ\r--XyZy\r\n--XyZ--")
        #expect(try parseParts([body]).first?.content == bytes("x--XyZ\n--XyZ\r--XyZy"))
    }

    @Test("bytes after a boundary other than padding and CRLF or -- are refused", arguments: [
        "--XyZx\r\n", "--XyZ-x\r\n", "--XyZ\rx", "--XyZ \n",
    ])
    func junkAfterBoundary(_ line: String) {
        let body = bytes("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n" + line + "\r\n--XyZ--")
        #expect(throws: MultipartError.self) { try parseParts([body]) }
    }

    @Test("malformed part headers are refused with 400", arguments: [
        "Content-Disposition: form-data; name=\"a\"\nX: y",         // bare LF
        "Content-Disposition: form-data; name=\"a\"\r\nBad Name: y", // not a token
        "Content-Disposition: form-data; name=\"a\"\r\n: y",       // no name
        "Content-Type: text/plain",                                 // no disposition
        "Content-Disposition: attachment; name=\"a\"",               // not form-data
        "Content-Disposition: form-data; filename=\"a.png\"",        // no name
        "Content-Disposition: form-data; name=\"a\"; name=\"b\"",    // a repeated parameter
        "Content-Disposition: form-data; name=\"a",                   // unterminated quoted-string
        "Content-Disposition: form-data; name = \"a\"",               // whitespace around =
        "Content-Disposition: form-data; name=\"a\"\r\nContent-Disposition: form-data; name=\"b\"",
        "Content-Disposition: form-data; name=\"a\"\r\nContent-Transfer-Encoding: base64",
    ])
    func malformedPartHeaders(_ headers: String) {
        let body = bytes("--XyZ\r\n" + headers + "\r\n\r\nv\r\n--XyZ--")
        #expect {
            try parseParts([body])
        } throws: { error in
            guard let error = error as? MultipartError, case .malformed = error else { return false }
            return error.status == .badRequest
        }
    }

    @Test("quoted file names are decoded: escaped quotes, backslashes, nested quotes, Korean", arguments: [
        (#"filename="a \"quoted\" name.png""#, #"a "quoted" name.png"#),
        (#"filename="\"\\\"nested\\\"\".jpg""#, #""\"nested\"".jpg"#),
        (#"filename="back\\slash.png""#, #"back\slash.png"#),
        (#"filename="C:\\photos\\cat.png""#, #"C:\photos\cat.png"#),
        (#"filename="a;b=c.png""#, "a;b=c.png"),
        (#"filename="봄 사진.webp""#, "봄 사진.webp"),
        (#"filename="%22pct%22.png""#, "%22pct%22.png"),
        (#"filename=token.png"#, "token.png"),
        (#"filename="x.png"; filename*=UTF-8''%EC%82%AC.png"#, "x.png"),
    ])
    func quotedFilenames(_ parameter: String, _ expected: String) throws {
        let body = bytes("--XyZ\r\nContent-Disposition: form-data; name=\"f\"; " + parameter + "\r\n\r\nv\r\n--XyZ--")
        #expect(try parseParts([body]).first?.head.filename == expected)
    }

    @Test("the boundary is read from the Content-Type, quoted or not, and refused when RFC 2046 forbids it", arguments: [
        ("multipart/form-data; boundary=XyZ", "XyZ"),
        ("Multipart/Form-Data;boundary=\"a b'()+_,-./:=?\"", "a b'()+_,-./:=?"),
        ("multipart/form-data; charset=utf-8; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW", "----WebKitFormBoundary7MA4YWxkTrZu0gW"),
        ("multipart/form-data", nil),
        ("multipart/form-data; boundary=", nil),
        ("multipart/form-data; boundary=\"ends in space \"", nil),
        ("multipart/form-data; boundary=\"" + String(repeating: "b", count: 71) + "\"", nil),
        ("multipart/form-data; boundary=\"semi;colon\"", nil),
        ("multipart/form-data; boundary=a; boundary=b", nil),
        ("multipart/mixed; boundary=XyZ", nil),
        ("application/x-www-form-urlencoded", nil),
    ] as [(String, String?)])
    func boundaryFromContentType(_ contentType: String, _ expected: String?) {
        #expect(MultipartParser.boundary(fromContentType: contentType) == expected)
    }

    @Test("every error has a Korean message and a 400 or 413 status")
    func errorsAreKorean() {
        let errors: [MultipartError] = [
            .notMultipart, .malformed("x"), .missingFinalBoundary, .bodyTooLarge(limit: 26 << 20),
            .fileTooLarge(limit: 5 << 20), .fieldTooLarge(limit: 64 << 10), .tooManyParts(limit: 32), .partHeadersTooLarge(limit: 4096),
        ]
        for error in errors {
            #expect(error.message.unicodeScalars.contains { (0xAC00...0xD7A3).contains($0.value) })
            #expect([400, 413].contains(error.status.code))
            #expect(error.httpError.status == error.status)
        }
        #expect(MultipartError.fileTooLarge(limit: 5 << 20).message.contains("5MB"))
        #expect(MultipartError.fileTooLarge(limit: 1_500_000).message.contains("1.4MB"))
    }

    @Test("every kept multipart fuzz input parses the same whole and in the fuzz target's pieces", arguments: FuzzInputs.of("multipart"))
    func fuzzInput(_ input: FuzzInputs.Input) {
        // As Tests/Fuzz/Targets/multipart.swift: the first byte picks the piece size, the rest is the body.
        let limits = MultipartLimits(maxBodyBytes: 4096, maxFileBytes: 512, maxFieldBytes: 64, maxParts: 8, maxPartHeaderBytes: 256)
        let body = Array(input.bytes.dropFirst()), step = Int((input.bytes.first ?? 0) % 16) + 1
        let pieces = stride(from: 0, to: body.count, by: step).map { Array(body[$0..<min(body.count, $0 + step)]) }
        let whole = Result { () throws(MultipartError) in try parseParts([body], limits: limits) }
        let split = Result { () throws(MultipartError) in try parseParts(pieces, limits: limits) }
        #expect("\(whole)" == "\(split)")
    }
}
