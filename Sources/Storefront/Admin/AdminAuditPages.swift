import Database
import Foundation
import HTTP
import Mustache

/// `/admin/audit`: the audit log, newest first, filtered by staff id, action and a date range (Korea time, both
/// days included), 50 a page. Every member may read it; nothing here writes.
struct AdminAuditPages: Sendable {
    let database: any DatabaseWriter
    let renderer: AdminRenderer

    static let perPage = 50

    func register(in group: inout RouterGroup<StaffContext>) {
        group.get("/audit") { request, _ in try await show(request) }
    }

    func show(_ request: Request) async throws -> Response {
        let query = request.query
        let staffId = (query["staff"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let action = query["action"].flatMap(AuditAction.init(rawValue:))
        let from = KoreaDate.parse(query["from"]), until = KoreaDate.parse(query["until"])
        let filter = AuditLog.Filter(staffId: staffId.isEmpty ? nil : TextLength.prefix(staffId, 30), action: action, from: from,
                                     until: until.map { KoreaDate.adding(days: 1, to: $0) })
        let page = PageNumber.requested(query["page"])
        let (offset, overflow) = (page - 1).multipliedReportingOverflow(by: Self.perPage)
        guard !overflow else { throw HTTPError(.badRequest) }
        let result = try await ShopError.mapping {
            try await database.read { db in try AuditLog.entries(db, filter, limit: Self.perPage, offset: offset) }
        }
        let pageCount = PageNumber.count(total: result.total, perPage: Self.perPage)
        var kept: [(String, String)] = []
        if let id = filter.staffId { kept.append(("staff", id)) }
        if let action { kept.append(("action", action.rawValue)) }
        if let from { kept.append(("from", KoreaDate.field(from))) }
        if let until { kept.append(("until", KoreaDate.field(until))) }
        func href(_ number: Int) -> String {
            let pairs = kept + (number > 1 ? [("page", String(number))] : [])
            return "/admin/audit" + (pairs.isEmpty ? "" : "?" + pairs.map { "\($0.0)=\(PageContext.queryEncode($0.1))" }.joined(separator: "&"))
        }
        return renderer.page("admin/audit", title: "감사 기록", area: "audit", [
            "dateNotice": KoreaDate.unreadableNotice(query["from"], query["until"]).map(MustacheValue.string) ?? .null,
            "filter": .object([
                "staff": .string(filter.staffId ?? ""),
                "from": .string(from.map(KoreaDate.field) ?? ""), "until": .string(until.map(KoreaDate.field) ?? ""),
                "actions": .array(AuditAction.allCases.map { candidate in
                    .object(["value": .string(candidate.rawValue), "label": .string(candidate.label), "selected": .bool(candidate == action)])
                }),
            ]),
            "total": .int(result.total),
            "hasEntries": .bool(!result.records.isEmpty),
            "entries": .array(result.records.map { record in
                .object([
                    "atText": .string(PageContext.dateText(record.createdAt)),
                    "staffText": .string(record.entry.staffId ?? "—"),
                    "actionLabel": .string(record.entry.action.label),
                    "target": .string(record.entry.target),
                    "change": record.entry.before == nil && record.entry.after == nil ? .null
                        : .string("\(record.entry.before ?? "—") → \(record.entry.after ?? "—")"),
                    "address": .string(record.entry.address),
                ])
            }),
            "pagination": PageContext.pagination(page: min(page, pageCount), pageCount: pageCount, href: href),
        ], for: request)
    }
}
