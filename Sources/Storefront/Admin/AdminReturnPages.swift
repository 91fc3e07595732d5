import Foundation
import HTTP
import Mustache
import PluginKit

/// `/admin/returns` (반품 관리): the returns shoppers asked for, with their lines, reason and the refund approval
/// would make (the returned goods, the 배송비 when everything comes back, less the 반품 배송비 for the shopper's own
/// reasons), and the decided ones by status. 승인 refunds through `ReturnService` (asking the refund account when
/// the payment needs one: a deposited 가상계좌); 거절 needs a reason the shopper will read. Both are audited in the
/// decision's write; a refused form comes back on the list with the message beside its field.
struct AdminReturnPages: Sendable {
    let returns: ReturnService
    let queries: FulfilmentQueries
    let renderer: AdminRenderer
    let cookies: StaffSessionMiddleware

    static let area = "returns"
    static let tabs: [ReturnStatus] = [.requested, .approved, .rejected]

    /// What a refused form of one return held, to show it again.
    struct Refused {
        var orderId: String
        var errors: ValidationErrors
        var account: RefundAccountInput = .none
        var note = ""
        var alert: String?
    }

    func register(in group: inout RouterGroup<StaffContext>) {
        group.get("/returns") { request, _ in try await list(request) }
        group.post("/returns/:orderId/approve") { request, staff in try await approve(request, staff: staff) }
        group.post("/returns/:orderId/reject") { request, staff in try await reject(request, staff: staff) }
    }

    func list(_ request: Request, refused: Refused? = nil, status httpStatus: HTTPStatus = .ok) async throws -> Response {
        let status = refused == nil ? request.query["status"].flatMap(ReturnStatus.init(rawValue:)) ?? .requested : .requested
        let result = try await queries.returns(status: status, page: refused == nil ? PageNumber.requested(request.query["page"]) : 1)
        return renderer.page("admin/returns", title: "반품 관리", area: Self.area, [
            "tabs": .array(Self.tabs.map { tab in
                .object(["label": .string(tab.label), "current": .bool(tab == status), "href": .string("/admin/returns?status=\(tab.rawValue)")])
            }),
            "statusLabel": .string(status.label),
            "alert": refused?.alert.map(MustacheValue.string) ?? .null,
            "isOpen": .bool(status == .requested),
            "total": .int(result.total),
            "hasReturns": .bool(!result.items.isEmpty),
            "returns": .array(result.items.map { Self.entry($0, refused: refused?.orderId == $0.order.orderId ? refused : nil) }),
            "pagination": PageContext.pagination(page: result.page, pageCount: result.pageCount) { page in
                "/admin/returns?status=\(status.rawValue)" + (page > 1 ? "&page=\(page)" : "")
            },
        ], for: request, status: httpStatus)
    }

    static func entry(_ review: ReturnReview, refused: Refused?) -> MustacheValue {
        let request = review.request, order = review.order
        var values: [String: MustacheValue] = [
            "orderId": .string(order.orderId),
            "orderHref": .string("/admin/fulfilment/\(order.orderId)"),
            "customerName": .string(order.customerName),
            "requestedAtText": .string(PageContext.dateText(request.requestedAt)),
            "reasonText": .string(request.reason.label),
            "shoppersReason": .bool(request.reason.isShoppers),
            "statusText": .string(request.status.label),
            "lines": .array(request.lines.map { line in
                let name = order.lines.first { $0.productId == line.productId }?.productName ?? "상품 \(line.productId)"
                return .object(["name": .string(name), "quantity": .int(line.quantity)])
            }),
            "refundText": .string(Won.format(review.refundAmount)),
            "returnFeeText": review.returnFee > 0 ? .string(Won.format(review.returnFee)) : .null,
            "paidText": .string(Won.format(order.totalPrice)),
            "note": .string(TextLength.prefix(refused?.note ?? "", ReturnService.maxTextLength)),
            "errors": PageContext.errors(refused?.errors ?? [:], names: [ReturnService.noteField: "note"]),
        ]
        if !request.reasonText.isEmpty { values["text"] = .string(request.reasonText) }
        if let decided = request.decidedAt { values["decidedAtText"] = .string(PageContext.dateText(decided)) }
        if let note = request.decisionNote { values["decisionNote"] = .string(note) }
        if let banks = review.refundBanks {
            let form = refused.map { OrderPages.RefundForm(input: $0.account, errors: $0.errors) }
            values["refundAccount"] = OrderPages.refundAccount(banks: banks, form)
        }
        return .object(values)
    }

    func approve(_ request: Request, staff: StaffContext) async throws -> Response {
        let orderId = request.parameters["orderId"] ?? ""
        let form = try request.pageForm()
        let account = RefundAccountInput(bankCode: form[RefundAccountInput.bankField] ?? "",
                                         accountNumber: form[RefundAccountInput.numberField] ?? "",
                                         holderName: form[RefundAccountInput.holderField] ?? "")
        do {
            try await returns.approve(orderId: orderId, refundAccount: account) { db, delivery in
                let approved = try OrderReturnRepository().returns(db, orderId: delivery.orderId).last { $0.status == .approved }
                let fee = approved?.returnFee ?? 0
                try AuditLog.record(db, staff.audit(.returnApproved, target: "order:\(delivery.orderId)", before: ReturnStatus.requested.label,
                                                    after: "환불 \(Won.format(approved?.refundAmount ?? 0))"
                                                        + (fee > 0 ? " (반품 배송비 \(Won.format(fee)) 차감)" : "")))
            }
        } catch {
            return try await refused(request, error, Refused(orderId: orderId, errors: [:], account: account))
        }
        return cookies.flashRedirect("/admin/returns", .returnApproved)
    }

    func reject(_ request: Request, staff: StaffContext) async throws -> Response {
        let orderId = request.parameters["orderId"] ?? ""
        let note = try request.pageForm()[ReturnService.noteField] ?? ""
        do {
            try await returns.reject(orderId: orderId, note: note) { db, delivery in
                try AuditLog.record(db, staff.audit(.returnRejected, target: "order:\(delivery.orderId)", before: ReturnStatus.requested.label,
                                                    after: TextLength.prefix(note.trimmingCharacters(in: .whitespacesAndNewlines), 200)))
            }
        } catch {
            return try await refused(request, error, Refused(orderId: orderId, errors: [:], note: note))
        }
        return cookies.flashRedirect("/admin/returns", .returnRejected)
    }

    /// The list again after a refused decision: a form's messages beside its fields (422), or why the return could
    /// not be decided (409), with what was typed.
    private func refused(_ request: Request, _ error: ShopError, _ form: Refused) async throws -> Response {
        var form = form
        switch error {
        case .validation(let errors):
            form.errors = errors
            return try await list(request, refused: form, status: .unprocessableContent)
        case .conflict(let message):
            form.alert = message
            return try await list(request, refused: form, status: .conflict)
        default:
            throw error
        }
    }
}
