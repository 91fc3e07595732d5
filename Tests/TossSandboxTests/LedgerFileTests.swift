import Foundation
import PluginKit
import Testing
import TestSupport
@testable import TossPayments
@testable import TossSandbox

/// The ledger kept in a SQLite file: a sandbox started again on the same file knows every payment the
/// last one knew, and what is refused (bad files) is refused before it listens.
@Suite("Sandbox ledger file", .timeLimit(.minutes(1)))
struct LedgerFileTests {
    func ledgerPath() throws -> (directory: URL, path: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-ledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (directory, directory.appendingPathComponent("toss-sandbox.sqlite").path)
    }

    func withLedgerSandbox(_ path: String, _ body: (SandboxFixture) async throws -> Void) async throws {
        try await withSandbox(ledgerPath: path, body)
    }

    @Test("a payment approved before a restart is looked up and refunded after it")
    func refundAfterRestart() async throws {
        let (directory, path) = try ledgerPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        var paid: (paymentKey: String, orderId: String)?
        try await withLedgerSandbox(path) { fixture in
            let payment = try await fixture.authenticatedPayment()
            _ = try await fixture.client.confirm(paymentKey: payment.paymentKey, orderId: payment.orderId, amount: 15_000, idempotencyKey: "c")
            paid = payment
        }
        let (key, orderId) = try #require(paid)
        try await withLedgerSandbox(path) { fixture in
            #expect(try await fixture.client.payment(orderId: orderId).paymentKey == key)
            let canceled = try await fixture.client.cancel(paymentKey: key, reason: "재시작 후 환불", amount: nil, idempotencyKey: "r")
            #expect(canceled.status == .canceled && canceled.balanceAmount == 0)
        }
        try await withLedgerSandbox(path) { fixture in
            #expect(fixture.sandbox.status(paymentKey: key) == "CANCELED")
        }
    }

    @Test("windows opened before a restart keep their order: the lookup still answers the approved one")
    func windowsSurviveRestart() async throws {
        let (directory, path) = try ledgerPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let orderId = "order-" + UUID().uuidString.prefix(8)
        var keys: [String] = []
        try await withLedgerSandbox(path) { fixture in
            keys.append(try await fixture.openWindow(orderId: String(orderId)))
            keys.append(try await fixture.openWindow(orderId: String(orderId)))
            try await fixture.approve(keys[0])
        }
        try await withLedgerSandbox(path) { fixture in
            _ = try await fixture.client.confirm(paymentKey: keys[0], orderId: String(orderId), amount: 15_000, idempotencyKey: "c")
            #expect(try await fixture.client.payment(orderId: String(orderId)).paymentKey == keys[0])
            #expect(fixture.sandbox.status(paymentKey: keys[1]) == "READY")
        }
    }

    @Test("a ledger path that cannot be opened is an error before the sandbox listens")
    func unopenableLedger() throws {
        let (directory, path) = try ledgerPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: (any Error).self) { try TossSandbox(ledgerPath: path + "/ledger.sqlite") }
    }
}

@Suite("Sandbox ledger path")
struct LedgerPathTests {
    @Test("the bundled sandbox's ledger is a file of its own beside the shop's database, named after it")
    func besideDatabase() {
        #expect(SandboxConfiguration.ledgerPath(besideDatabase: "var/storefront.sqlite") == "var/storefront.toss-sandbox.sqlite")
        #expect(SandboxConfiguration.ledgerPath(besideDatabase: "/srv/shop/main.db") == "/srv/shop/main.toss-sandbox.sqlite")
    }
}
