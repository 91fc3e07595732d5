import Database
import Foundation
import PluginKit
import TestSupport
import Testing
@testable import Storefront

@Suite("Back office: 반품 관리", .timeLimit(.minutes(2)))
struct AdminReturnPageTests {
    /// Ships and delivers `orderId` as an operator, then asks a return of `quantity` apples as the shopper.
    static func requestReturn(_ shop: PageShop, _ shopper: TestBrowser, _ staff: TestBrowser, _ orderId: String,
                              quantity: Int, reason: ReturnReason) async throws {
        try #require(try await shop.ship(staff, orderId).status == 200)
        try #require(try await staff.adminSubmit("/admin/fulfilment/\(orderId)/delivered", fields: []).status == 200)
        let asked = try await shopper.submit("/orders/\(orderId)/return", fields: [
            (ReturnService.quantityField(productId: shop.apple.id), "\(quantity)"), (ReturnService.reasonField, reason.rawValue),
            (ReturnService.textField, "생각보다 커요"),
        ])
        try #require(asked.status == 200)
    }

    static func entry(_ orderId: String) -> String { "//li[@id='return-\(orderId)']" }

    @Test("a requested return shows its lines, reason and the refund less the return fee; approving refunds it, restocks and audits")
    func approve() async throws {
        try await withPageShop { shop in
            let shopper = try await shop.signedInBrowser()
            let orderId = try await shop.paidOrder(shopper, quantity: 2)
            let staff = try await shop.staffBrowser("op1", role: .operator)
            try await Self.requestReturn(shop, shopper, staff, orderId, quantity: 1, reason: .changedMind)

            let list = try await staff.get("/admin/returns").page()
            let entry = Self.entry(orderId)
            #expect(list.texts("\(entry)//ul[\(hasClass("return-lines"))]/li") == ["사과 1개"])
            #expect(list.text("\(entry)//dd[\(hasClass("return-reason"))]") == "단순 변심 구매자 사유 — 생각보다 커요")
            #expect(list.text("\(entry)//dd[\(hasClass("refund-amount"))]/strong") == "9,900원")
            #expect(list.text("\(entry)//span[\(hasClass("return-fee"))]") == "(반품 배송비 3,000원 차감)")
            #expect(list.first("\(entry)//fieldset[\(hasClass("refund-account"))]") == nil)

            let approved = try await staff.adminSubmit("/admin/returns/\(orderId)/approve", fields: [])
            #expect(approved.status == 200)
            #expect(try approved.page().text("//div[\(hasClass("flash"))]") == AdminFlash.returnApproved.message)
            #expect(try await shop.fulfilmentStatus(orderId) == .returned)
            #expect(shop.method.state.withLock { $0.cancelCalls.last?.amount } == 9_900)
            #expect(try await shop.shop.read { db in try CatalogRepository().product(db, id: shop.apple.id) }?.quantity == 9)
            let audit = try #require(try await shop.audit(.init(action: .returnApproved)).first)
            #expect(audit.entry.target == "order:\(orderId)" && audit.entry.after == "환불 9,900원 (반품 배송비 3,000원 차감)")
            let decided = try await staff.get("/admin/returns?status=APPROVED").page()
            #expect(decided.text("\(entry)//dd[\(hasClass("refund-amount"))]/strong") == "9,900원")
            #expect(decided.first("\(entry)//form") == nil)
        }
    }

    @Test("a rejection needs a reason, beside its field; with one, the shopper reads it and nothing is refunded")
    func reject() async throws {
        try await withPageShop { shop in
            let shopper = try await shop.signedInBrowser()
            let orderId = try await shop.paidOrder(shopper)
            let staff = try await shop.staffBrowser()
            try await Self.requestReturn(shop, shopper, staff, orderId, quantity: 1, reason: .changedMind)

            let refused = try await staff.adminSubmit("/admin/returns/\(orderId)/reject", fields: [(ReturnService.noteField, " ")])
            #expect(refused.status == 422)
            #expect(try refused.page().text("//p[@id='reject-note-\(orderId)-error']") == ReturnService.noteMessage)
            #expect(try await shop.audit(.init(action: .returnRejected)).isEmpty)

            let rejected = try await staff.adminSubmit("/admin/returns/\(orderId)/reject", fields: [(ReturnService.noteField, "사용 흔적이 있습니다")])
            #expect(rejected.status == 200)
            #expect(shop.method.cancelCallCount == 0)
            let order = try await shopper.get("/orders/\(orderId)").page()
            #expect(order.text("//li[\(hasClass("return-entry"))]")?.hasSuffix("거절 사유: 사용 흔적이 있습니다") == true)
            #expect(try await shop.audit(.init(action: .returnRejected)).first?.entry.after == "사용 흔적이 있습니다")
        }
    }

    @Test("approving a deposited 가상계좌 order's return asks the refund account: refused without one, changing nothing; refunded to it")
    func virtualAccountApproval() async throws {
        try await withPageShop { shop in
            let (shopper, orderId) = try await RefundAccountPageTests.depositedOrder(shop)
            let staff = try await shop.staffBrowser()
            try await Self.requestReturn(shop, shopper, staff, orderId, quantity: 1, reason: .damaged)
            let list = try await staff.get("/admin/returns").page()
            #expect(list.texts("\(Self.entry(orderId))//select[@name='refund_bank']/option[@value!='']") == ["신한은행", "우리은행"])

            let refused = try await staff.adminSubmit("/admin/returns/\(orderId)/approve", fields: [
                (RefundAccountInput.bankField, ""), (RefundAccountInput.numberField, ""), (RefundAccountInput.holderField, ""),
            ])
            #expect(refused.status == 422)
            #expect(try refused.page().text("//p[@id='refund-bank-\(orderId)-error']") == "환불받을 은행을 선택해 주세요.")
            #expect(shop.method.cancelCallCount == 0)
            let topics = try await shop.shop.read { db in
                try db.query("SELECT topic FROM outbox WHERE aggregate_id = ?", [orderId]) { row throws(DatabaseError) in try row.string("topic") }
            }
            #expect(!topics.contains("order.return_approved"))

            let approved = try await staff.adminSubmit("/admin/returns/\(orderId)/approve", fields: [
                (RefundAccountInput.bankField, "88"), (RefundAccountInput.numberField, "110-123-456789"), (RefundAccountInput.holderField, "홍길동"),
            ])
            #expect(approved.status == 200)
            #expect(try await shop.fulfilmentStatus(orderId) == .returned)
            #expect(shop.method.state.withLock { $0.cancelDestinations.last } == .bankAccount(bankCode: "88", accountNumber: "110123456789", holderName: "홍길동"))
        }
    }
}
