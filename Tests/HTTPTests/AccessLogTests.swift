import HTTP
import Logging
import TestSupport
import Testing

@Suite("Access log lines")
struct AccessLogTests {
    @Test("a percent-encoded newline in the path cannot forge a second log line")
    func encodedNewlineInPath() async throws {
        let log = try LogFile()
        let fixture = try ServerFixture(accessLog: log.logger) { _ in .text("hello") }
        let response = try await TestHTTPClient.request(port: fixture.port, "GET",
                                                        "/x%0a2026-01-01T00:00:00Z%20event=order_paid%20order_id=X")
        #expect(response.status == 200)
        let lines = try await log.lines(atLeast: 1)
        await fixture.stop()
        #expect(lines.count == 1)
        #expect(lines.first?.contains(" event=request method=GET path=\"/x\\n2026-01-01T00:00:00Z event=order_paid order_id=X\" status=200 ") == true)
        #expect(lines.first?.hasPrefix("2026-01-01T00:00:00Z") == false)
    }
}
