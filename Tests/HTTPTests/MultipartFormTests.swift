@testable import HTTP
import Testing

@Suite("A small multipart form read whole")
struct MultipartFormTests {
    private func request(_ body: String) -> Request {
        var headers = HTTPHeaders()
        headers.set("Content-Type", "multipart/form-data; boundary=XyZ")
        return Request(method: .POST, target: "/u", path: "/u", rawQuery: "", headers: headers, body: Array(body.utf8))
    }

    @Test("fields and a file come back by name; an empty file input is no file")
    func fieldsAndFiles() async throws {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n입금 확인\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"statement\"; filename=\"은행.csv\"\r\n\r\n입금자명,입금액\r\n김철수,1000\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"extra\"; filename=\"\"\r\n\r\n\r\n--XyZ--\r\n"
        let form = try await MultipartForm.read(request(body), limits: MultipartLimits())
        #expect(form["note"] == "입금 확인")
        #expect(form.file("statement").map { String(decoding: $0.bytes, as: UTF8.self) } == "입금자명,입금액\r\n김철수,1000")
        #expect(form.file("statement")?.filename == "은행.csv")
        #expect(form.file("extra") == nil)
    }

    @Test("a file over the limit is refused with 413 and its Korean message")
    func fileTooLarge() async {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.csv\"\r\n\r\n" + String(repeating: "x", count: 2048) + "\r\n--XyZ--\r\n"
        await #expect(throws: MultipartError.fileTooLarge(limit: 1024)) {
            _ = try await MultipartForm.read(request(body), limits: MultipartLimits(maxFileBytes: 1024))
        }
    }
}
