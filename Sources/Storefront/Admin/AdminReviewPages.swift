import HTTP
import Mustache

/// `/admin/reviews`: every product's reviews, newest first, hidden ones marked with why; an operator hides a
/// visible one with a reason (`POST /admin/reviews/:id/hide`). The hide and its audit entry (`review.hidden`,
/// the reason as what it became) are one transaction (`ReviewService.hide`): the review leaves the product page
/// and the product's rating together with the record of who did it.
struct AdminReviewPages: Sendable {
    let reviews: ReviewService
    let renderer: AdminRenderer
    let cookies: StaffSessionMiddleware

    func register(in group: inout RouterGroup<StaffContext>) {
        group.get("/reviews") { request, staff in await self.list(request) }
        group.post("/reviews/:id/hide") { request, staff in await self.hide(request, staff: staff) }
    }

    func list(_ request: Request, refused: (reviewId: Int, message: String)? = nil, status: HTTPStatus = .ok) async -> Response {
        do {
            let found = try await reviews.recent(page: request.query["page"])
            return renderer.page("admin/reviews", title: "리뷰", area: "reviews", [
                "hasReviews": .bool(!found.items.isEmpty),
                "reviews": .array(found.items.map { item in
                    var fields: [String: MustacheValue] = [
                        "id": .int(item.review.id), "productId": .int(item.review.productId),
                        "productName": .string(item.productName), "rating": .int(item.review.rating),
                        "author": .string(item.review.author), "body": .string(item.review.body),
                        "dateText": .string(PageContext.dateText(item.review.createdAt)),
                        "hiddenReason": item.review.hiddenReason.map(MustacheValue.string) ?? .null,
                    ]
                    if item.review.id == refused?.reviewId { fields["error"] = .string(refused?.message ?? "") }
                    return .object(fields)
                }),
                "pagination": PageContext.pagination(page: found.page, pageCount: found.pageCount) { page in
                    page == 1 ? "/admin/reviews" : "/admin/reviews?page=\(page)"
                },
            ], for: request, status: status)
        } catch {
            return renderer.error(error.status, message: error.message, for: request)
        }
    }

    func hide(_ request: Request, staff: StaffContext) async -> Response {
        guard let id = FormNumber.identifier(request.parameters["id"] ?? "") else {
            return renderer.error(.notFound, message: "리뷰를 찾을 수 없습니다.", for: request)
        }
        let reason: String
        do { reason = try request.pageForm()["reason"] ?? "" } catch { return renderer.error(error.status, message: error.message, for: request) }
        do {
            try await reviews.hide(reviewId: id, reason: reason, staffId: staff.staff.id) { db, review in
                try AuditLog.record(db, staff.audit(.reviewHidden, target: "review:\(review.id)",
                                                    before: "★\(review.rating) \(review.body)", after: reason))
            }
            return cookies.flashRedirect("/admin/reviews", .reviewHidden)
        } catch {
            return await list(request, refused: (id, error.message), status: error.status)
        }
    }
}
