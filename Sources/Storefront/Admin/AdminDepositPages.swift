import Foundation
import HTTP
import Mustache
import PluginKit

/// `/admin/deposits` (입금 확인): the orders waiting for a deposit on the shop's own account (무통장입금), matched
/// one by one as the operator reads the bank's screen, or all at once from the bank's transaction CSV, where a row
/// that fits several orders is left for the operator to pick and one that fits none is shown as such.
///
/// Guarantees: every match goes through `BankDeposits` (exact amount, the method's idempotent `recordDeposit`, the
/// order made PAID in one write with its outbox event) and its audit entry commits in that same write; a refused
/// match changes nothing and shows why on the row; a statement upload is bounded (`statementLimits`) and a file
/// that is not UTF-8 is refused with what to do, not read as mojibake.
struct AdminDepositPages: Sendable {
    let deposits: BankDeposits
    let renderer: AdminRenderer
    let cookies: StaffSessionMiddleware

    /// A bank's export of a month is a few hundred rows; 1 MB holds `BankStatement.maxRows` of them.
    static let statementLimits = MultipartLimits(maxBodyBytes: 2 << 20, maxFileBytes: 1 << 20, maxFieldBytes: 1024, maxParts: 4)

    func register(in group: inout RouterGroup<StaffContext>) {
        group.get("/deposits") { request, staff in await self.list(request) }
        group.post("/deposits/:orderId/match") { request, staff in await self.match(request, staff: staff) }
        group.post("/deposits/:orderId/refunds/:index/transferred") { request, staff in await self.transferred(request, staff: staff) }
        group.on(.POST, "/deposits/statement", streamingBodyUpTo: Self.statementLimits.maxBodyBytes) { request, staff in
            await self.importStatement(request, staff: staff)
        }
    }

    /// A match form as the operator left it, with why it was refused.
    struct Refused {
        var orderId: String
        var depositor: String
        var amount: String
        var message: String
    }

    func list(_ request: Request, refused: Refused? = nil, transferError: String? = nil, status: HTTPStatus = .ok) async -> Response {
        do {
            let waiting = try await deposits.waitingWithDueDates()
            let owed = try await deposits.refundsOwed()
            let now = Date()
            return renderer.page("admin/deposits", title: "입금 확인", area: "deposits", [
                "hasWaiting": .bool(!waiting.isEmpty),
                "waiting": .array(waiting.map { item in
                    let order = item.order
                    var fields: [String: MustacheValue] = [
                        "orderId": .string(order.orderId), "orderName": .string(order.orderName),
                        "customerName": .string(order.customerName), "amountText": .string(Won.format(order.totalPrice)),
                        "orderedText": .string(PageContext.dateText(order.createdAt)),
                        "depositor": .string(order.customerName), "amount": .string(""),
                    ]
                    if let due = item.dueDate {
                        fields["dueText"] = .string(PageContext.dateText(iso: due))
                        fields["overdue"] = .bool(ProviderTimestamp.parse(due).map { $0 < now } ?? false)
                    }
                    if let refused, refused.orderId == order.orderId {
                        fields["depositor"] = .string(TextLength.prefix(refused.depositor, 40))
                        fields["amount"] = .string(TextLength.prefix(refused.amount, 20))
                        fields["error"] = .string(refused.message)
                    }
                    return .object(fields)
                }),
                "uploadAction": .string("/admin/deposits/statement?_csrf=" + request.staffVisit.csrfToken),
                // A refusal for an order no longer listed (a second click after it was paid) is said at the top.
                "pageError": refused.flatMap { refused in
                    waiting.contains { $0.order.orderId == refused.orderId } ? nil : MustacheValue.string(refused.message)
                } ?? .null,
                "hasOwed": .bool(!owed.isEmpty),
                "transferError": transferError.map(MustacheValue.string) ?? .null,
                "owed": .array(owed.map { item in
                    .object([
                        "orderId": .string(item.order.orderId), "index": .int(item.transfer.index),
                        "amountText": .string(Won.format(item.transfer.amount)), "bankName": .string(item.bankName),
                        "accountNumber": .string(item.transfer.accountNumber), "holderName": .string(item.transfer.holderName),
                        "reason": .string(item.transfer.reason),
                    ])
                }),
            ], for: request, status: status)
        } catch {
            return renderer.error(error.status, message: error.message, for: request)
        }
    }

    func match(_ request: Request, staff: StaffContext) async -> Response {
        let orderId = request.parameters["orderId"] ?? ""
        let form: Parameters
        do { form = try request.pageForm() } catch { return renderer.error(error.status, message: error.message, for: request) }
        let depositor = (form["depositor"] ?? "").trimmingCharacters(in: .whitespaces)
        let amountText = form["amount"] ?? ""
        let refuse = { (message: String, status: HTTPStatus) async -> Response in
            await self.list(request, refused: Refused(orderId: orderId, depositor: depositor, amount: amountText, message: message), status: status)
        }
        guard !depositor.isEmpty, TextLength.of(depositor) <= 40 else { return await refuse("입금자명을 40자 이내로 입력해 주세요.", .unprocessableContent) }
        guard let amount = FormNumber.amount(amountText) else { return await refuse("입금액을 숫자로 입력해 주세요.", .unprocessableContent) }
        // A statement row's pick carries the bank's transaction time, which tells this deposit from another.
        let transactedAt = form["transacted_at"].map { TextLength.prefix($0, 40) }.flatMap { $0.isEmpty ? nil : $0 }
        do {
            _ = try await deposits.match(orderId: orderId, deposit: BankDeposit(depositor: depositor, amount: amount,
                                                                                reference: transactedAt ?? "직접 확인",
                                                                                transactedAt: transactedAt),
                                         audit: Self.audit(staff))
            return cookies.flashRedirect("/admin/deposits", .depositMatched)
        } catch {
            return await refuse(error.message, error.status)
        }
    }

    /// The operator sent refund `index` of the order from the shop's account: record it (and mask the account).
    func transferred(_ request: Request, staff: StaffContext) async -> Response {
        let orderId = request.parameters["orderId"] ?? ""
        guard let index = FormNumber.integer(request.parameters["index"] ?? ""), index >= 0, index < 1_000 else {
            return renderer.error(.notFound, message: "환불 내역을 찾을 수 없습니다.", for: request)
        }
        do {
            try await deposits.recordRefundTransfer(orderId: orderId, index: index) { db, transfer in
                try AuditLog.record(db, staff.audit(.refundTransferred, target: "order:\(orderId)", before: "환불 이체 대기",
                                                    after: "\(Won.format(transfer.amount)) → \(transfer.bankCode) \(RefundDestination.masked(transfer.accountNumber))"))
            }
            return cookies.flashRedirect("/admin/deposits", .refundTransferred)
        } catch {
            return await list(request, transferError: error.message, status: error.status)
        }
    }

    func importStatement(_ request: Request, staff: StaffContext) async -> Response {
        let form: MultipartForm
        do { form = try await MultipartForm.read(request, limits: Self.statementLimits) } catch {
            return refusedFile(error.message, status: error.status, request)
        }
        guard let file = form.file("statement"), !file.bytes.isEmpty else {
            return refusedFile("은행에서 내려받은 거래내역 CSV 파일을 골라 주세요.", request)
        }
        guard let text = CSV.text(file.bytes) else { return refusedFile(CSV.notUTF8Message, request) }
        let parsed: (deposits: [BankDeposit], unreadable: [Int])
        do { parsed = try BankStatement.parse(text) } catch {
            let message = switch error {
            case .missingColumns(let message): message
            case .tooManyRows: "한 번에 \(BankStatement.maxRows)행까지 올릴 수 있습니다. 기간을 나눠 올려 주세요."
            }
            return refusedFile(message, request)
        }
        do {
            let results = try await deposits.importStatement(parsed.deposits, audit: Self.audit(staff))
            return renderer.page("admin/deposit-statement", title: "입금 내역 확인", area: "deposits",
                                 Self.statementValues(results, unreadable: parsed.unreadable, filename: file.filename), for: request)
        } catch {
            return renderer.error(error.status, message: error.message, for: request)
        }
    }

    /// The statement page saying why the file was not read; nothing was matched.
    func refusedFile(_ message: String, status: HTTPStatus = .unprocessableContent, _ request: Request) -> Response {
        renderer.page("admin/deposit-statement", title: "입금 내역 확인", area: "deposits", ["fileError": .string(message)],
                      for: request, status: status)
    }

    /// The audit entry of one match: who, which order, whose deposit of how much.
    static func audit(_ staff: StaffContext) -> BankDeposits.AuditStep {
        { db, orderId, deposit in
            try AuditLog.record(db, staff.audit(.depositMatched, target: "order:\(orderId)", before: "입금 대기",
                                                after: "입금자 \(deposit.depositor) · \(Won.format(deposit.amount)) · \(deposit.reference)"))
        }
    }

    static func statementValues(_ results: [(deposit: BankDeposit, result: BankDeposits.RowResult)], unreadable: [Int],
                                filename: String) -> [String: MustacheValue] {
        var matched = 0, left = 0
        let rows: [MustacheValue] = results.map { deposit, result in
            var fields: [String: MustacheValue] = [
                "reference": .string(deposit.reference), "depositor": .string(deposit.depositor),
                "amount": .int(deposit.amount), "amountText": .string(Won.format(deposit.amount)),
                "transactedAt": deposit.transactedAt.map(MustacheValue.string) ?? .null,
            ]
            switch result {
            case .matched(let orderId):
                matched += 1
                fields["matched"] = .string(orderId)
            case .ambiguous(let orderIds):
                left += 1
                fields["ambiguous"] = .bool(true)
                fields["candidates"] = .array(orderIds.map { .object(["orderId": .string($0)]) })
            case .unmatched:
                left += 1
                fields["unmatched"] = .bool(true)
            case .failed(let orderId, let message):
                left += 1
                fields["failed"] = .object(["orderId": .string(orderId), "message": .string(message)])
            }
            return .object(fields)
        }
        return [
            "filename": .string(TextLength.prefix(filename, 100)), "rows": .array(rows), "hasRows": .bool(!rows.isEmpty),
            "matchedCount": .int(matched), "leftCount": .int(left),
            "unreadable": .array(unreadable.map { .int($0) }), "hasUnreadable": .bool(!unreadable.isEmpty),
        ]
    }
}
