import HTTP
import Mustache

/// The edit page's 이미지 section: the product's uploaded images (main first) with 대표로 / 위로 / 아래로 / 삭제
/// buttons (each a small form, no script needed), and the upload form. The upload (`POST /admin/products/:id/images`)
/// is `multipart/form-data` streamed through the one `MediaStore` the review photos use, its CSRF token in the action's
/// query; a refused upload keeps nothing on disk and comes back on the form with its Korean message.
extension AdminProductPages {
    func registerImages(in group: inout RouterGroup<StaffContext>) {
        group.on(.POST, "/products/:id/images", streamingBodyUpTo: media.limits.maxBodyBytes) { request, staff in
            try await upload(request, staff: staff)
        }
        group.post("/products/:id/images/:imageId/move") { request, staff in
            let (id, imageId) = try Self.imageIds(request)
            let move = try request.pageForm()["to"].flatMap(ProductImageMove.init(rawValue:)) ?? .main
            try await images.move(productId: id, imageId: imageId, move, by: StaffEditor(staff))
            return cookies.flashRedirect("/admin/products/\(id)#images", .imageMoved)
        }
        group.post("/products/:id/images/:imageId/delete") { request, staff in
            let (id, imageId) = try Self.imageIds(request)
            try await images.remove(productId: id, imageId: imageId, by: StaffEditor(staff))
            return cookies.flashRedirect("/admin/products/\(id)#images", .imageDeleted)
        }
    }

    static func imageIds(_ request: Request) throws(ShopError) -> (Int, Int) {
        guard let imageId = FormNumber.identifier(request.parameters["imageId"] ?? "") else {
            throw .conflict(ProductImageRules.notFoundMessage)
        }
        return (try id(request), imageId)
    }

    /// The section's values: each image with its buttons, and the upload form with its error (if any).
    func imageSection(_ request: Request, productId: Int, errors: ValidationErrors = [:]) async throws -> MustacheValue {
        let list = try await images.images(productId: productId)
        let csrf = request.staffVisit.csrfToken
        let base = "/admin/products/\(productId)/images"
        return .object([
            "limitText": .string("\(max(1, media.limits.maxFileBytes / 1_048_576))MB"),
            "max": .int(ProductImageRules.maxPerProduct),
            "count": .int(list.count),
            "hasItems": .bool(!list.isEmpty),
            "canAdd": .bool(list.count < ProductImageRules.maxPerProduct),
            "uploadAction": .string(base + "?" + SessionMiddleware.csrfField + "=" + csrf),
            "errors": PageContext.errors(errors),
            "items": .array(list.enumerated().map { index, image in
                .object([
                    "id": .int(image.id), "number": .int(index + 1), "url": .string(image.picture.url),
                    "width": .int(image.picture.width), "height": .int(image.picture.height),
                    "alt": .string(image.picture.alt), "isMain": .bool(index == 0),
                    "isFirst": .bool(index == 0), "isLast": .bool(index == list.count - 1),
                    "sizeText": .string("\(image.picture.width)×\(image.picture.height)"),
                    "moveAction": .string("\(base)/\(image.id)/move"), "deleteAction": .string("\(base)/\(image.id)/delete"),
                ])
            }),
        ])
    }

    func upload(_ request: Request, staff: StaffContext) async throws -> Response {
        let id = try Self.id(request)
        // Refuse before a byte is read when the product is unknown: nothing to store.
        _ = try await products.find(id: id)
        let received: MediaUpload
        do {
            received = try await media.receive(request)
        } catch {
            return try await refusedUpload(request, id: id, [ProductImageRules.imageField: error.message], status: error.status)
        }
        let files = received.images.filter { $0.field == ProductImageRules.imageField }.map(\.image)
        let alt = received.fields.first { $0.name == ProductImageRules.altField }?.value ?? ""
        do {
            try await images.add(productId: id, files, alt: alt, by: StaffEditor(staff))
        } catch {
            await media.discard(received)
            guard case .validation(let errors) = error else { throw error }
            return try await refusedUpload(request, id: id, errors, status: .unprocessableContent)
        }
        return cookies.flashRedirect("/admin/products/\(id)#images", .imagesUploaded)
    }

    /// The edit page again with the upload's error on the 이미지 section.
    func refusedUpload(_ request: Request, id: Int, _ errors: ValidationErrors, status: HTTPStatus) async throws -> Response {
        let product = try await products.find(id: id)
        return form(request, id: id, revision: product.revision, ProductForm(product), errors: [:],
                    stock: try await stockSection(request, product: product),
                    images: try await imageSection(request, productId: id, errors: errors), status: status)
    }
}
