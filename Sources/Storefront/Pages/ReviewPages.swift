import HTTP
import Mustache

/// The review form of one order line (`GET /orders/:orderId/reviews/:productId`) and its upload
/// (`POST` to the same address, a `multipart/form-data` body streamed through `MediaStore`, so the optional
/// photo follows the media upload rules: JPEG, PNG or WebP by its own bytes, `media.maxUploadBytes` at most).
///
/// The upload's CSRF token travels in the form's action URL (`?_csrf=`), since `SessionMiddleware` does not read
/// a streamed body. Whether the shopper may review the line is checked before the body is read (a refusal stores
/// nothing) and again with the write, in its transaction.
struct ReviewPages: Sendable {
    let reviews: ReviewService
    let media: MediaStore
    let renderer: PageRenderer
    let cookies: SessionMiddleware

    /// In the signed-in group: a visitor is sent to the login page before a byte of the upload is read.
    func register(in group: inout RouterGroup<ShopperContext>) {
        group.get("/orders/:orderId/reviews/:productId") { request, shopper in await self.form(request, session: shopper.session) }
        group.on(.POST, "/orders/:orderId/reviews/:productId", streamingBodyUpTo: media.limits.maxBodyBytes) { request, shopper in
            await self.write(request, session: shopper.session)
        }
    }

    /// The form as it was typed and why it was refused, when it comes back.
    struct Typed: Sendable {
        var rating = ""
        var body = ""
        var errors: ValidationErrors = [:]
        var photoGiven = false
    }

    static let summaryFields = [
        PageContext.SummaryField(name: ReviewRules.ratingField, inputId: "rating-5", label: "별점"),
        PageContext.SummaryField(name: ReviewRules.bodyField, inputId: "review-body", label: "리뷰"),
    ]

    func form(_ request: Request, session: Session, typed: Typed = Typed(), status: HTTPStatus = .ok) async -> Response {
        do {
            let line = try await reviews.reviewable(userId: session.userId, orderId: request.parameters["orderId"] ?? "",
                                                    productId: request.parameters["productId"] ?? "")
            let csrf = request.context.csrfToken
            return await renderer.page("pages/review-form", title: "리뷰 쓰기", [
                "line": .object([
                    "orderId": .string(line.orderId), "productId": .int(line.productId), "productName": .string(line.productName),
                ]),
                "photoLimitText": .string("\(max(1, media.limits.maxFileBytes / 1_048_576))MB"),
                "action": .string("/orders/\(line.orderId)/reviews/\(line.productId)?\(SessionMiddleware.csrfField)=\(csrf)"),
                "form": .object([
                    "stars": .array(ReviewRules.ratings.reversed().map { star in
                        .object(["value": .int(star), "checked": .bool(typed.rating == String(star))])
                    }),
                    "body": .string(TextLength.prefix(typed.body, ReviewRules.bodyLength.upperBound + 100)),
                    "errors": PageContext.errors(typed.errors),
                    "errorSummary": PageContext.errorSummary(typed.errors, fields: Self.summaryFields),
                    "photoAgain": .bool(typed.photoGiven && !typed.errors.isEmpty),
                ]),
            ], for: request, status: status)
        } catch {
            return await renderer.error(error.status, message: error.message, for: request)
        }
    }

    func write(_ request: Request, session: Session) async -> Response {
        let orderId = request.parameters["orderId"] ?? "", productId = request.parameters["productId"] ?? ""
        do {
            // Refuse before the body is read: nothing is stored for a line the shopper may not review.
            _ = try await reviews.reviewable(userId: session.userId, orderId: orderId, productId: productId)
        } catch {
            return await renderer.error(error.status, message: error.message, for: request)
        }
        let upload: MediaUpload
        do {
            upload = try await media.receive(request)
        } catch {
            return await renderer.error(error.status, message: error.message, for: request)
        }
        let field = { (name: String) in upload.fields.first { $0.name == name }?.value ?? "" }
        let photo = upload.images.first { $0.field == ReviewRules.photoField }.map {
            ReviewPhoto(fileName: $0.image.fileName, width: $0.image.info.width, height: $0.image.info.height)
        }
        do {
            let review = try await reviews.write(userId: session.userId, signupId: session.signupId, orderId: orderId,
                                                 productId: productId, rating: field(ReviewRules.ratingField),
                                                 body: field(ReviewRules.bodyField), photo: photo)
            return cookies.flashRedirect("/products/\(review.productId)#reviews", .reviewPosted)
        } catch {
            guard case .validation(let errors) = error else {
                return await renderer.error(error.status, message: error.message, for: request)
            }
            let typed = Typed(rating: field(ReviewRules.ratingField), body: field(ReviewRules.bodyField), errors: errors,
                              photoGiven: photo != nil)
            return await form(request, session: session, typed: typed, status: error.status)
        }
    }
}
