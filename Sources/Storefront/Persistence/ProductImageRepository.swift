import Database
import Foundation

/// One row of `product_image`: an uploaded image of a product at its place in the product's order (0 is main).
public struct ProductImage: Sendable, Equatable {
    public let id: Int
    public let productId: Int
    public let picture: ProductPicture
    public let byteCount: Int
    public let position: Int

    static let columns = "image_id, product_id, file_name, width, height, byte_count, position, alt"

    init(row: borrowing Row) throws(DatabaseError) {
        id = try row.int("image_id")
        productId = try row.int("product_id")
        picture = ProductPicture(fileName: try row.string("file_name"), width: try row.int("width"), height: try row.int("height"),
                                 alt: try row.string("alt"))
        byteCount = try row.int("byte_count")
        position = try row.int("position")
    }
}

/// Reads and writes `product_image` inside the caller's unit of work, and keeps `product.main_image*` equal to the
/// first image (`syncMain`), which every change calls before its transaction ends.
///
/// Guarantees: positions of a product's images are always 0, 1, 2 … in order after any call (`renumber`), so
/// "main" is simply position 0 and moving never leaves gaps or ties.
public struct ProductImageRepository: Sendable {
    public init() {}

    /// A product's images, main first.
    public func images(_ db: any DatabaseConnection, productId: Int) throws -> [ProductImage] {
        try db.query("SELECT \(ProductImage.columns) FROM product_image WHERE product_id = ? ORDER BY position, image_id",
                     [productId], ProductImage.init(row:))
    }

    /// Appends an image after the product's others and returns its id.
    @discardableResult
    public func append(_ db: any DatabaseConnection, productId: Int, _ picture: ProductPicture, byteCount: Int, now: Date) throws -> Int {
        let next = try db.queryOne("SELECT COALESCE(MAX(position) + 1, 0) AS next FROM product_image WHERE product_id = ?",
                                   [productId]) { row throws(DatabaseError) in try row.int("next") } ?? 0
        return try db.queryOne("""
            INSERT INTO product_image (product_id, file_name, width, height, byte_count, position, alt, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING image_id
            """, [productId, picture.fileName, picture.width, picture.height, byteCount, next, picture.alt, now.unixSeconds]) {
            row throws(DatabaseError) in try row.int("image_id")
        } ?? 0
    }

    /// Removes image `id` of product `productId`; false when the product has no such image.
    public func delete(_ db: any DatabaseConnection, productId: Int, id: Int) throws -> Bool {
        guard try db.execute("DELETE FROM product_image WHERE product_id = ? AND image_id = ?", [productId, id]) > 0 else { return false }
        try renumber(db, productId: productId, order: images(db, productId: productId).map(\.id))
        return true
    }

    /// Writes positions 0, 1, 2 … in `order` (image ids of the product, each once).
    public func renumber(_ db: any DatabaseConnection, productId: Int, order: [Int]) throws {
        for (position, id) in order.enumerated() {
            _ = try db.execute("UPDATE product_image SET position = ? WHERE product_id = ? AND image_id = ?", [position, productId, id])
        }
    }

    /// Copies the first image onto `product.main_image*` (NULL when the product has none left).
    public func syncMain(_ db: any DatabaseConnection, productId: Int) throws {
        let main = try images(db, productId: productId).first
        _ = try db.execute("UPDATE product SET main_image = ?, main_image_width = ?, main_image_height = ? WHERE product_id = ?",
                           [main?.picture.fileName, main?.picture.width, main?.picture.height, productId])
    }
}
