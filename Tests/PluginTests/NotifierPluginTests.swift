import Foundation
import LogNotifier
import Logging
import OutboxFileNotifier
import PluginKit
import Testing

/// The built-in notifiers: `log` writes one structured line per notice; `outbox-file` appends JSON lines, whole,
/// from any number of writers at once; both are built from storefront.json's options, a bad one naming its key.
@Suite("Notifier plugins")
struct NotifierPluginTests {
    static func notice(_ id: String, kind: Notice.Kind = .shipped) -> Notice {
        Notice(id: id, kind: kind, orderId: "ord_\(id)", userId: 7, customerName: "홍길동", customerPhone: "01012345678",
               amount: 15_900, carrier: "CJ대한통운", trackingNumber: "123456789012",
               trackingURL: "https://trace.cjlogistics.com/next/tracking.html?wblNo=123456789012",
               occurredAt: Date(timeIntervalSince1970: 1_800_000_000))
    }

    static func withFile(_ body: (String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("notices-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await body(directory.appendingPathComponent("notices.jsonl").path)
    }

    @Test("log writes one line per notice with its id, kind, order and tracking, never the shopper's name or phone")
    func logLine() async throws {
        let logs = InMemoryLogHandler()
        let notifier = try LogNotifier(options: PluginOptions([:], keyPath: "notifier.options"), logger: logs.logger)
        try await notifier.send(Self.notice("e1"))
        let entry = try #require(logs.entries.first)
        #expect(logs.entries.count == 1 && entry.event == "notice")
        #expect(entry.metadata["notice_id"] == .string("e1") && entry.metadata["kind"] == .string("shipped"))
        #expect(entry.metadata["order_id"] == .string("ord_e1") && entry.metadata["tracking_number"] == .string("123456789012"))
        #expect(entry.metadata.allSatisfy { $0.value != .string("홍길동") && $0.value != .string("01012345678") })
    }

    @Test("outbox-file appends each notice as one JSON line that reads back as the notice")
    func fileLine() async throws {
        try await Self.withFile { path in
            let notifier = try OutboxFileNotifier(options: PluginOptions(["path": path], keyPath: "notifier.options"), logger: .discarding)
            var tricky = Self.notice("e1")
            tricky.customerName = "홍\n{\"forged\":true}"
            try await notifier.send(tricky)
            try await notifier.send(Self.notice("e2", kind: .delivered))
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 3 && lines[2].isEmpty)
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            #expect(try decoder.decode(Notice.self, from: Data(lines[0].utf8)) == tricky)
            #expect(try decoder.decode(Notice.self, from: Data(lines[1].utf8)).kind == .delivered)
        }
    }

    @Test("two outbox-file notifiers on one file, 200 notices each at once, leave 400 whole lines")
    func twoWriters() async throws {
        try await Self.withFile { path in
            let options = PluginOptions(["path": path], keyPath: "notifier.options")
            let first = try OutboxFileNotifier(options: options, logger: .discarding)
            let second = try OutboxFileNotifier(options: options, logger: .discarding)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<400 {
                    let notifier = index.isMultiple(of: 2) ? first : second
                    group.addTask { try await notifier.send(Self.notice("n\(index)")) }
                }
                try await group.waitForAll()
            }
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            let ids = try lines.map { try decoder.decode(Notice.self, from: Data($0.utf8)).id }
            #expect(ids.count == 400 && Set(ids).count == 400)
        }
    }

    @Test("outbox-file refuses a path it cannot append to, and an unknown option, naming the key")
    func fileOptions() async throws {
        #expect(throws: PluginError(keyPath: "notifier.options.path", "required")) {
            try OutboxFileNotifier(options: PluginOptions([:], keyPath: "notifier.options"), logger: .discarding)
        }
        let missing = try #require(throws: PluginError.self) {
            try OutboxFileNotifier(options: PluginOptions(["path": "/nonexistent-\(UUID().uuidString)/n.jsonl"], keyPath: "notifier.options"),
                                   logger: .discarding)
        }
        #expect(missing.keyPath == "notifier.options.path")
        let unknown = try #require(throws: PluginError.self) {
            try OutboxFileNotifier(options: PluginOptions(["path": "/tmp/x", "fsync": "false"], keyPath: "notifier.options"), logger: .discarding)
        }
        #expect(unknown.keyPath == "notifier.options.fsync")
    }

    @Test("a notifier name nobody registered names notifier.plugin and lists the registered ones")
    func unknownPlugin() async throws {
        var registry = PluginRegistry()
        registry.registerNotifier("log", summary: "") { options, logger throws(PluginError) in try LogNotifier(options: options, logger: logger) }
        let error = await #expect(throws: PluginError.self) {
            _ = try await registry.makeNotifier("kakao", options: PluginOptions([:], keyPath: "notifier.options"), logger: .discarding)
        }
        #expect(error?.keyPath == "notifier.plugin" && error?.problem.contains("registered: log") == true)
    }
}
