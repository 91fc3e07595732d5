import Foundation
import HTTP
import Mustache

/// 송장 일괄 등록 and 배송 완료 일괄 처리 by CSV, in two steps: the upload (`multipart/form-data`, read by
/// `MultipartForm` within `uploadLimits`, its CSRF token in the query) is checked by running the whole move
/// and rolling it back, and the preview lists what would change; 이대로 등록 posts the same text back and applies
/// it in one write. A file with any bad row is refused whole, at either step, with the row and column named.
extension AdminFulfilmentPages {
    /// What a CSV upload does.
    enum UploadKind: String, CaseIterable, Sendable {
        case ship, delivered

        var label: String { self == .ship ? "발송 처리 (주문번호, 택배사, 송장번호)" : "배송 완료 처리 (주문번호)" }
        var heading: String { self == .ship ? "송장 일괄 등록" : "배송 완료 일괄 처리" }
    }

    static let kindField = "kind"
    /// A shipping file of `ShipmentCSV.maxRows` rows is well under 100 KB; nothing past these limits is read.
    static let uploadLimits = MultipartLimits(maxBodyBytes: 256 << 10, maxFileBytes: 192 << 10, maxFieldBytes: 1 << 10, maxParts: 4)

    /// Why an upload could not be read at all (not multipart, too large, not UTF-8, no file).
    struct UploadRefusal: Error {
        let message: String
        let status: HTTPStatus
    }

    func registerUpload(in group: inout RouterGroup<StaffContext>) {
        group.on(.POST, "/fulfilment/upload", streamingBodyUpTo: Self.uploadLimits.maxBodyBytes) { request, _ in
            try await preview(request)
        }
        group.post("/fulfilment/upload/apply") { request, staff in try await apply(request, staff: staff) }
    }

    /// The upload form's values: the two kinds with `kind` checked.
    static func uploadForm(kind: UploadKind) -> MustacheValue {
        .object(["kinds": .array(UploadKind.allCases.map { option in
            .object(["value": .string(option.rawValue), "label": .string(option.label), "checked": .bool(option == kind)])
        })])
    }

    func preview(_ request: Request) async throws -> Response {
        let kind: UploadKind, csv: String
        do {
            (kind, csv) = try await Self.readUpload(request)
        } catch {
            return uploadPage(request, kind: .ship, refusal: error.message, status: error.status)
        }
        do {
            let moved = try await move(kind, csv: csv, preview: true, audit: nil)
            return uploadPage(request, kind: kind, preview: (csv, moved))
        } catch {
            return try refused(request, kind: kind, error)
        }
    }

    func apply(_ request: Request, staff: StaffContext) async throws -> Response {
        let form = try request.pageForm()
        let kind = UploadKind(rawValue: form[Self.kindField] ?? "") ?? .ship
        do {
            try await move(kind, csv: form[FulfilmentService.csvField] ?? "", preview: false,
                           audit: Self.audit(staff, kind == .ship ? .orderShipped : .orderDelivered, note: " (CSV 일괄)"))
        } catch {
            return try refused(request, kind: kind, error)
        }
        return cookies.flashRedirect("/admin/fulfilment?status=\(FulfilmentStatus.shipped.rawValue)", kind == .ship ? .bulkShipped : .bulkDelivered)
    }

    @discardableResult
    private func move(_ kind: UploadKind, csv: String, preview: Bool,
                      audit: FulfilmentService.AuditStep?) async throws(ShopError) -> [OrderDelivery] {
        switch kind {
        case .ship: try await fulfilment.shipAll(csv: csv, preview: preview, audit: audit)
        case .delivered: try await fulfilment.markAllDelivered(csv: csv, preview: preview, audit: audit)
        }
    }

    private func refused(_ request: Request, kind: UploadKind, _ error: ShopError) throws -> Response {
        guard case .validation(let errors) = error, let message = errors[FulfilmentService.csvField] else { throw error }
        return uploadPage(request, kind: kind, refusal: message, status: .unprocessableContent)
    }

    /// The upload page: the refusal and the form again, or the preview of what the file will change.
    func uploadPage(_ request: Request, kind: UploadKind, refusal: String? = nil, preview: (csv: String, moved: [OrderDelivery])? = nil,
                    status: HTTPStatus = .ok) -> Response {
        var values: [String: MustacheValue] = [
            "heading": .string(kind.heading),
            "kind": .string(kind.rawValue),
            "upload": Self.uploadForm(kind: kind),
            "refusal": refusal.map(MustacheValue.string) ?? .null,
        ]
        if let preview {
            values["preview"] = .object([
                "csv": .string(preview.csv),
                "count": .int(preview.moved.count),
                "isShip": .bool(kind == .ship),
                "rows": .array(preview.moved.map { delivery in
                    .object(["orderId": .string(delivery.orderId), "recipient": .string(delivery.address.recipient),
                             "carrier": .string(delivery.carrier?.name ?? ""), "tracking": .string(delivery.trackingNumber ?? ""),
                             "after": .string(delivery.status.label)])
                }),
            ])
        }
        return renderer.page("admin/fulfilment-upload", title: kind.heading, area: Self.area, values, for: request, status: status)
    }

    /// The upload's kind and CSV text, read within `uploadLimits`; a file must be UTF-8 (엑셀: "CSV UTF-8").
    static func readUpload(_ request: Request) async throws(UploadRefusal) -> (UploadKind, String) {
        let form: MultipartForm
        do { form = try await MultipartForm.read(request, limits: uploadLimits) } catch { throw UploadRefusal(message: error.message, status: error.status) }
        guard let file = form.file(FulfilmentService.csvField), !file.bytes.isEmpty else {
            throw UploadRefusal(message: "올릴 CSV 파일을 골라 주세요.", status: .unprocessableContent)
        }
        guard let text = CSV.text(file.bytes) else {
            throw UploadRefusal(message: CSV.notUTF8Message, status: .unprocessableContent)
        }
        return (UploadKind(rawValue: form[kindField] ?? "") ?? .ship, text)
    }
}
