import Database
import PluginKit
import Testing
@testable import Storefront

/// Payments stored before the one receipt path (Toss's typed columns, or 무통장입금's lines repeating the shop's
/// account) read back the way new ones are written, on both engines.
@Suite("Receipt lines backfill")
struct ReceiptBackfillTests {
    /// The shop's migrations before the one that gives every payment its receipt lines.
    static var before: Migrator {
        let receipts = StorefrontSchema.migrator.migrations.first { $0.name == "one receipt path for every provider" }?.version ?? 0
        return Migrator(StorefrontSchema.migrator.migrations.filter { $0.version < receipts })
    }

    /// Inserts a payment row as the shop wrote it before, for a new order; `columns` are the extra ones.
    func oldRow(_ shop: Shop, key: String, status: String = "DONE", method: String, _ columns: [String: String]) async throws {
        let order = try await shop.order(userId: try await shop.user(key), [(try await shop.product("상품 \(key)").id, 1)])
        let names = columns.keys.sorted()
        try await shop.write { db in
            try db.execute("""
                INSERT INTO toss_payment (payment_key, order_id, payment_method, total_price, total_amount, balance_amount,
                                          status, payment_time, updated_at\(names.map { ", \($0)" }.joined()))
                VALUES (?, ?, ?, 10000, 10000, 10000, ?, 0, 0\(String(repeating: ", ?", count: names.count)))
                """, [key, order.orderId, method, status] + names.map { columns[$0] ?? "" })
        }
    }

    func migrated(_ shop: Shop, _ key: String) async throws -> StoredPayment {
        try #require(try await shop.read { db in try PaymentRepository().find(db, paymentKey: key) })
    }

    /// A payment Toss's typed columns described, and what it reads back as.
    struct Typed: Sendable, CustomTestStringConvertible {
        let method: String
        let columns: [String: String]
        let lines: [PaymentRecord.ReceiptLine]
        let paidFrom: String
        var testDescription: String { method }
    }

    static let typed = [
        Typed(method: "카드", columns: ["card_company": "현대카드", "card_number": "12345678****000*"],
              lines: [.init("카드", "현대카드 12345678****000*")], paidFrom: "현대카드 12345678****000*"),
        // A card-funded 토스페이 payment: the wallet first, and refunds go back to the card.
        Typed(method: "간편결제", columns: ["easy_pay_provider": "토스페이", "card_company": "카카오뱅크"],
              lines: [.init("간편결제", "토스페이"), .init("카드", "카카오뱅크")], paidFrom: "카카오뱅크"),
        Typed(method: "계좌이체", columns: ["transfer_bank": "신한은행"],
              lines: [.init("출금 은행", "신한은행")], paidFrom: "신한은행 출금 계좌"),
    ]

    @Test("a card, 토스페이 or 계좌이체 payment stored before reads back with the lines the Toss plugin writes now, and where refunds go",
          arguments: TestDatabases.engines, typed)
    func typedColumns(on engine: DatabaseEngine, _ example: Typed) async throws {
        try await withShop(on: engine, migrator: Self.before) { shop in
            try await oldRow(shop, key: "pk_old", method: example.method, example.columns)
            try await StorefrontSchema.migrator.migrate(shop.database)
            let payment = try await migrated(shop, "pk_old")
            #expect(payment.receiptLines == example.lines)
            #expect(payment.paidFrom == example.paidFrom)
        }
    }

    @Test("a waiting 가상계좌 stored before gets the line saying the deposit is matched by its amount", arguments: TestDatabases.engines)
    func virtualAccount(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine, migrator: Self.before) { shop in
            try await oldRow(shop, key: "pk_va", status: "WAITING_FOR_DEPOSIT", method: "가상계좌",
                             ["virtual_account_bank": "우리은행", "virtual_account_number": "X1234567890", "virtual_account_holder": "홍길동"])
            try await StorefrontSchema.migrator.migrate(shop.database)
            let payment = try await migrated(shop, "pk_va")
            #expect(payment.receiptLines.map(\.label) == ["입금 안내"])
            #expect(payment.virtualAccountHolder == "홍길동" && payment.virtualAccountOwner == nil && payment.paidFrom == nil)
        }
    }

    @Test("a 무통장입금 stored before keeps only the lines the bank slip does not show, and its holder becomes the account's owner",
          arguments: TestDatabases.engines)
    func bankTransfer(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine, migrator: Self.before) { shop in
            let lines = #"[["입금 은행","신한은행"],["계좌번호","110-123-456789"],["예금주","주식회사 예시"],["입금액","10,000원"],"#
                + #"["입금 확인","2026-12-02 10:00 · 입금자 김철수"],["환불","10,000원 — 알려 주신 계좌로 상점이 직접 이체합니다."]]"#
            try await oldRow(shop, key: "bt_old", method: "무통장입금",
                             ["virtual_account_bank": "신한은행", "virtual_account_number": "110-123-456789",
                              "virtual_account_holder": "주식회사 예시", "receipt_lines": lines])
            try await StorefrontSchema.migrator.migrate(shop.database)
            let payment = try await migrated(shop, "bt_old")
            #expect(payment.receiptLines.map(\.label) == ["입금 확인", "환불"])
            #expect(payment.receiptLines.value("입금 확인") == "2026-12-02 10:00 · 입금자 김철수")
            #expect(payment.virtualAccountOwner == "주식회사 예시" && payment.virtualAccountHolder == nil)
        }
    }

    @Test("a payment stored before with nothing to say about its means keeps no lines", arguments: TestDatabases.engines)
    func nothingToSay(on engine: DatabaseEngine) async throws {
        try await withShop(on: engine, migrator: Self.before) { shop in
            try await oldRow(shop, key: "pk_plain", status: "ABORTED", method: "카드", [:])
            try await StorefrontSchema.migrator.migrate(shop.database)
            let payment = try await migrated(shop, "pk_plain")
            #expect(payment.receiptLines.isEmpty && payment.paidFrom == nil)
        }
    }
}
