import Database
import Foundation

/// The rules of a product's uploaded images and their Korean messages.
public enum ProductImageRules {
    public static let maxPerProduct = 5
    public static let imageField = "image"
    public static let altField = "alt"
    public static let maxAltLength = 200

    public static let noFileMessage = "올릴 이미지 파일을 고르세요."
    public static let tooManyMessage = "이미지는 상품당 \(maxPerProduct)장까지 올릴 수 있습니다. 먼저 다른 이미지를 삭제하세요."
    public static let duplicateMessage = "이미 이 상품에 올린 이미지입니다."
    public static let altTooLongMessage = "이미지 설명은 \(maxAltLength)자 이내로 적어 주세요."
    public static let notFoundMessage = "이미지를 찾을 수 없습니다."
}

/// Where an operator moves one image: a place up, a place down, or to the front (main).
public enum ProductImageMove: String, Sendable, CaseIterable {
    case up, down, main
}

/// The back office's changes to a product's images. Each change is one transaction holding the rows, the product's
/// main image copy (`ProductImageRepository.syncMain`), its audit entry and a `product.changed` event, so every
/// instance drops the product's cached page and the catalog pages showing its card.
///
/// Guarantees: a refused change (`.validation` with a Korean message on `image`) writes nothing; a product never has
/// more than `ProductImageRules.maxPerProduct` images, nor one file twice.
public struct ProductImageService: Sendable {
    let database: any DatabaseWriter
    let now: @Sendable () -> Date
    let images = ProductImageRepository()
    let products = ProductAdminRepository()
    let outbox = OutboxRepository()

    public init(database: any DatabaseWriter, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.now = now
    }

    /// Product `productId`'s images, main first.
    public func images(productId: Int) async throws(ShopError) -> [ProductImage] {
        try await ShopError.mapping { try await database.read { [images] db in try images.images(db, productId: productId) } }
    }

    /// Adds the stored `files` (as `MediaStore` received them) after the product's other images, all or none.
    func add(productId: Int, _ files: [StoredImage], alt: String, by staff: StaffEditor) async throws(ShopError) {
        let alt = alt.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !files.isEmpty else { throw .validation([ProductImageRules.imageField: ProductImageRules.noFileMessage]) }
        guard alt.count <= ProductImageRules.maxAltLength else {
            throw .validation([ProductImageRules.altField: ProductImageRules.altTooLongMessage])
        }
        guard Set(files.map(\.fileName)).count == files.count else {
            throw .validation([ProductImageRules.imageField: ProductImageRules.duplicateMessage])
        }
        let at = now()
        try await ShopError.mapping {
            try await database.write { [images, products, outbox] db in
                guard try products.find(db, id: productId) != nil else { throw ShopError.notFound(.product) }
                let existing = try images.images(db, productId: productId)
                guard existing.count + files.count <= ProductImageRules.maxPerProduct else {
                    throw ShopError.validation([ProductImageRules.imageField: ProductImageRules.tooManyMessage])
                }
                let names = Set(existing.map(\.picture.fileName))
                guard !files.contains(where: { names.contains($0.fileName) }) else {
                    throw ShopError.validation([ProductImageRules.imageField: ProductImageRules.duplicateMessage])
                }
                for file in files {
                    let picture = ProductPicture(fileName: file.fileName, width: file.info.width, height: file.info.height, alt: alt)
                    try images.append(db, productId: productId, picture, byteCount: file.byteCount, now: at)
                }
                try images.syncMain(db, productId: productId)
                let described = files.map { "\($0.fileName) \($0.info.width)×\($0.info.height)" }.joined(separator: ", ")
                try AuditLog.record(db, staff.entry(.productImageUploaded, target: "product:\(productId)",
                                                    before: "이미지 \(existing.count)장", after: described), now: at)
                try ProductAdminService.announce(db, outbox, productId, now: at)
            }
        }
    }

    /// Moves image `imageId` of product `productId` one place up or down, or to the front (the main image).
    /// Moving the first up or the last down changes nothing and records nothing.
    public func move(productId: Int, imageId: Int, _ move: ProductImageMove, by staff: StaffEditor) async throws(ShopError) {
        let at = now()
        try await ShopError.mapping {
            try await database.write { [images, outbox] db in
                var order = try images.images(db, productId: productId).map(\.id)
                guard let index = order.firstIndex(of: imageId) else { throw ShopError.conflict(ProductImageRules.notFoundMessage) }
                let target = switch move {
                case .up: max(0, index - 1)
                case .down: min(order.count - 1, index + 1)
                case .main: 0
                }
                guard target != index else { return }
                let before = order.map(String.init).joined(separator: ",")
                order.remove(at: index)
                order.insert(imageId, at: target)
                try images.renumber(db, productId: productId, order: order)
                try images.syncMain(db, productId: productId)
                try AuditLog.record(db, staff.entry(.productImageMoved, target: "product:\(productId)", before: "순서 " + before,
                                                    after: "순서 " + order.map(String.init).joined(separator: ",")), now: at)
                try ProductAdminService.announce(db, outbox, productId, now: at)
            }
        }
    }

    /// Removes image `imageId` from product `productId` (the next one becomes main). The file stays in the media
    /// folder: its name is its content, so another product or review may show the same file.
    public func remove(productId: Int, imageId: Int, by staff: StaffEditor) async throws(ShopError) {
        let at = now()
        try await ShopError.mapping {
            try await database.write { [images, outbox] db in
                guard let image = try images.images(db, productId: productId).first(where: { $0.id == imageId }),
                      try images.delete(db, productId: productId, id: imageId) else {
                    throw ShopError.conflict(ProductImageRules.notFoundMessage)
                }
                try images.syncMain(db, productId: productId)
                try AuditLog.record(db, staff.entry(.productImageDeleted, target: "product:\(productId)",
                                                    before: image.picture.fileName), now: at)
                try ProductAdminService.announce(db, outbox, productId, now: at)
            }
        }
    }
}
