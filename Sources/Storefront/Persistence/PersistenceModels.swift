import Foundation

/// A shopper's account as stored in `users`. `passwordHash` is a bcrypt `$2b$` string.
public struct Account: Sendable, Equatable {
    public let id: Int
    public let signupId: String
    public let passwordHash: String
    public let name: String
    public let phone: String
    public let createdAt: Date
}

/// What signup hands to `AccountRepository.create`; the password is already hashed.
public struct NewAccount: Sendable, Equatable {
    public var signupId: String
    public var passwordHash: String
    public var name: String
    public var phone: String

    public init(signupId: String, passwordHash: String, name: String, phone: String) {
        self.signupId = signupId
        self.passwordHash = passwordHash
        self.name = name
        self.phone = phone
    }
}

/// A catalog product as stored in `product`; `price` is integer KRW, `quantity` is stock on hand.
public struct Product: Sendable, Equatable, Codable {
    public let id: Int
    public let name: String
    public let price: Int
    public let category: String
    public let country: String
    public let manufacturer: String
    public let quantity: Int
    public let description: String
    public let image: String
    /// Visible reviews and the sum of their stars (`ReviewRepository` keeps them), for the card's ★ 4.6 (128).
    public var reviewCount: Int = 0
    public var ratingTotal: Int = 0
    /// The main image uploaded in the back office (`product.main_image`), nil when there is none: pages then show
    /// `image`, the demo picture.
    public var mainImage: ProductPicture? = nil
    /// Every uploaded image, main first; read only for the product page (`CatalogService.product(id:)`).
    public var pictures: [ProductPicture] = []

    public var isSoldOut: Bool { quantity == 0 }
}

/// An image uploaded for a product, as pages show it: the stored file (`<sha256>.<ext>`, served by `MediaFiles`),
/// its size for `<img width height>` and the operator's description for `alt` (empty when it would only repeat
/// the product's name).
public struct ProductPicture: Sendable, Equatable, Codable {
    public let fileName: String
    public let width: Int
    public let height: Int
    public var alt: String = ""

    public var url: String { "/media/" + fileName }
}

/// A product to insert (demo seed, admin tools, benchmarks).
public struct NewProduct: Sendable, Equatable {
    public var name: String
    public var price: Int
    public var category: String
    public var country: String
    public var manufacturer: String
    public var quantity: Int
    public var description: String
    public var image: String

    public init(name: String, price: Int, category: String, country: String, manufacturer: String,
                quantity: Int, description: String = "", image: String = "") {
        self.name = name
        self.price = price
        self.category = category
        self.country = country
        self.manufacturer = manufacturer
        self.quantity = quantity
        self.description = description
        self.image = image
    }
}

/// One line of a shopper's cart, joined with the product it points at.
public struct CartLine: Sendable, Equatable {
    public let cartId: Int
    public let product: Product
    public let quantity: Int

    /// `product.price * quantity`, in KRW; nil when that overflows (see `Won.times`).
    public var subtotal: Int? { Won.times(product.price, quantity) }
}

/// The payment status of an order (`web_payment.payment_status`); see DESIGN.md's state machine.
public enum OrderStatus: String, Sendable, CaseIterable, Codable {
    case pending = "PENDING"
    case confirming = "CONFIRMING"
    case paid = "PAID"
    case waitingForDeposit = "WAITING_FOR_DEPOSIT"
    case failed = "FAILED"
    case canceled = "CANCELED"
    case expired = "EXPIRED"

    /// Statuses whose order no longer holds stock: entering one returns the reserved units.
    public var releasesStock: Bool { self == .failed || self == .canceled || self == .expired }

    /// Statuses in which the shopper has bought (paid, or holds a virtual account to pay into).
    public var commitsPurchase: Bool { self == .paid || self == .waitingForDeposit }
}

/// A line of an order, frozen at purchase: the name and unit price the shopper saw.
public struct OrderLine: Sendable, Equatable {
    public let productId: Int
    public let productName: String
    public let unitPrice: Int
    public let quantity: Int

    /// `unitPrice * quantity`, in KRW; nil when that overflows (see `Won.times`).
    public var subtotal: Int? { Won.times(unitPrice, quantity) }
}

/// An order (`web_payment`) with its lines (`web_payment_item`).
public struct Order: Sendable, Equatable {
    public let id: Int
    /// Public id sent to Toss: 6–64 characters of A–Z a–z 0–9 - _.
    public let orderId: String
    public let userId: Int
    public let signupId: String
    public let totalQuantity: Int
    public let totalPrice: Int
    public let customerName: String
    public let customerPhone: String
    public let status: OrderStatus
    public let paymentMethod: String?
    public let createdAt: Date
    public let updatedAt: Date
    public let lines: [OrderLine]
    /// 배송비 charged with the order (base fee and any 제주/도서산간 surcharge), included in `totalPrice`.
    public let shippingFee: Int

    /// What the goods come to: `totalPrice` less the shipping fee.
    public var goodsPrice: Int { totalPrice - shippingFee }

    /// Toss's limit on `orderName`, in UTF-16 code units: what its SDK's `orderName.length` counts.
    public static let maxOrderNameLength = 100

    /// A short name for the payment window: "상품명 외 2건", at most 100 UTF-16 units (Toss's limit);
    /// a long product name is cut between characters with "…" so the " 외 n건" part always survives.
    public var orderName: String {
        guard let first = lines.first else { return "주문 \(orderId)" }
        let suffix = lines.count == 1 ? "" : " 외 \(lines.count - 1)건"
        return TextLength.truncated(first.productName, utf16Units: Self.maxOrderNameLength - suffix.utf16.count) + suffix
    }
}

/// A row of `sessions`: who is logged in (if anyone) and the CSRF token its forms carry.
/// The pages work with `Session` (Accounts/SessionStore.swift); `DatabaseSessionStore` maps between them.
public struct SessionRecord: Sendable, Equatable {
    public let id: String
    public let userId: Int?
    public let csrfToken: String
    public let createdAt: Date
    public let expiresAt: Date

    public init(id: String, userId: Int?, csrfToken: String, createdAt: Date, expiresAt: Date) {
        self.id = id
        self.userId = userId
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// A domain event waiting in (or relayed from) the outbox.
public struct OutboxEvent: Sendable, Equatable {
    /// Sequence number in the outbox; relays process events in this order.
    public let sequence: Int
    /// Globally unique id consumers deduplicate on.
    public let eventId: String
    /// "order.paid", "order.failed", "stock.changed", …
    public let topic: String
    /// The order id (or other aggregate) the event is about.
    public let aggregateId: String
    /// JSON body.
    public let payload: String
    public let createdAt: Date
}

/// Expected failures of repository operations, for callers to turn into user messages.
/// Unexpected SQLite failures arrive as `DatabaseError` instead.
public enum PersistenceError: Error, Sendable, Equatable {
    /// Signup with an id someone already has ("이미 사용 중인 아이디입니다").
    case signupIdTaken(String)
    /// A product id that does not exist.
    case productNotFound(Int)
    /// An order id that does not exist.
    case orderNotFound(String)
    /// Checkout with no lines.
    case emptyOrder
    /// Not enough stock to reserve `requested` units; `available` is what was left at that moment.
    case insufficientStock(productId: Int, name: String, requested: Int, available: Int)
    /// A quantity that is zero or negative.
    case invalidQuantity(Int)
}

extension Date {
    var unixSeconds: Int64 { Int64(timeIntervalSince1970.rounded(.down)) }
    init(unixSeconds: Int64) { self.init(timeIntervalSince1970: TimeInterval(unixSeconds)) }
}
