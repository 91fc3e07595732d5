import Foundation
import Glibc
import Testing
@testable import Logging

@Suite("Logger")
struct LoggerTests {
    @Test("the in-memory handler keeps each event with its level and metadata, in order")
    func inMemoryCaptures() {
        let logs = InMemoryLogHandler()
        logs.logger.info("order_paid", ["order_id": "A1", "total": 12_900])
        logs.logger.warning("cache_unavailable")
        #expect(logs.entries == [
            .init(level: .info, event: "order_paid", metadata: ["order_id": "A1", "total": 12_900]),
            .init(level: .warning, event: "cache_unavailable", metadata: [:]),
        ])
    }

    @Test("events below the handler's level are dropped, and their metadata is never built")
    func levelsFilter() {
        let logs = InMemoryLogHandler(logLevel: .notice)
        var built = 0
        func metadata() -> Logger.Metadata { built += 1; return ["n": .int(built)] }
        logs.logger.debug("a", metadata())
        logs.logger.info("b", metadata())
        logs.logger.notice("c", metadata())
        logs.logger.warning("d", metadata())
        logs.logger.error("e", metadata())
        #expect(logs.entries.map(\.event) == ["c", "d", "e"])
        #expect(built == 3)
    }

    @Test("a logger's own metadata comes before each event's")
    func loggerMetadata() {
        let logs = InMemoryLogHandler()
        logs.logger.with(["plugin": "redis"]).notice("cache_server_back", ["server": "127.0.0.1:6379"])
        #expect(logs.entries.first?.metadata == ["plugin": "redis", "server": "127.0.0.1:6379"])
    }

    @Test("level names read back to their level, and nothing else does")
    func levelNames() {
        #expect(Logger.Level.allCases.allSatisfy { Logger.Level(name: $0.description) == $0 })
        #expect(Logger.Level(name: "INFO") == nil && Logger.Level(name: "") == nil)
    }

    @Test("the line handler writes one line per event to its descriptor, a newline in a value included")
    func lineHandlerWritesOneLine() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("log-\(UUID().uuidString)").path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(fd >= 0)
        defer { close(fd); unlink(path) }
        let handler = LineLogHandler(fileDescriptor: fd)
        let logger = Logger(handler: handler)
        logger.info("payment_amount_mismatch", ["claimed": "1\r\n2026-01-01T00:00:00Z event=order_paid order_id=X"])
        logger.debug("hidden")
        handler.flush()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.filter { $0 == "\n" }.count == 1)
        #expect(text.hasSuffix(" event=payment_amount_mismatch claimed=\"1\\r\\n2026-01-01T00:00:00Z event=order_paid order_id=X\"\n"))
    }
}

/// Kept apart: the bootstrap is process-wide, and only this test touches it.
@Suite("Logging system")
struct LoggingSystemTests {
    @Test("only the first bootstrap takes effect")
    func bootstrapOnce() {
        let first = InMemoryLogHandler(), second = InMemoryLogHandler()
        #expect(LoggingSystem.bootstrap { _ in first })
        #expect(!LoggingSystem.bootstrap { _ in second })
        Logger(label: "test").info("hello")
        #expect(first.entries.map(\.event) == ["hello"])
        #expect(second.entries.isEmpty)
    }
}
