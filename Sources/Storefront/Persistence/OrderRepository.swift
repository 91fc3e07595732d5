import Database
import Foundation

/// What checkout asks for: who is buying and how many of which products.
/// Prices are not part of the request: they are read from `product` when the order is created.
public struct NewOrder: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var productId: Int
        public var quantity: Int
        public init(productId: Int, quantity: Int) {
            self.productId = productId
            self.quantity = quantity
        }
    }

    public var userId: Int
    public var signupId: String
    public var customerName: String
    public var customerPhone: String
    public var paymentMethod: String?
    public var lines: [Line]
    /// Whether the lines came from the cart (and leave it when the order is paid); false for 바로구매, which, as
    /// on Coupang, neither reads nor changes the cart, also when the cart holds the same product.
    public var fromCart: Bool
    /// Where the goods go (copied onto the order) and the 배송 요청사항; nil only for orders made outside checkout.
    public var delivery: (address: DeliveryAddress, request: String)?
    /// Decides the 배송비 from the goods amount (computed here from `product`) and the delivery's postal code.
    public var shipping: ShippingPolicy?

    public init(userId: Int, signupId: String, customerName: String, customerPhone: String,
                paymentMethod: String? = nil, lines: [Line], fromCart: Bool = true,
                delivery: (address: DeliveryAddress, request: String)? = nil, shipping: ShippingPolicy? = nil) {
        self.fromCart = fromCart
        self.userId = userId
        self.signupId = signupId
        self.customerName = customerName
        self.customerPhone = customerPhone
        self.paymentMethod = paymentMethod
        self.lines = lines
        self.delivery = delivery
        self.shipping = shipping
    }

    public static func == (lhs: NewOrder, rhs: NewOrder) -> Bool {
        lhs.userId == rhs.userId && lhs.signupId == rhs.signupId && lhs.customerName == rhs.customerName
            && lhs.customerPhone == rhs.customerPhone && lhs.paymentMethod == rhs.paymentMethod && lhs.lines == rhs.lines
            && lhs.delivery?.address == rhs.delivery?.address && lhs.delivery?.request == rhs.delivery?.request
            && lhs.shipping == rhs.shipping && lhs.fromCart == rhs.fromCart
    }
}

/// What a compare-and-set transition did.
public enum OrderTransitionOutcome: Sendable, Equatable {
    /// The order was in one of the expected statuses and now has the new one.
    case applied(Order)
    /// The order was in another status (a replay, a race already won); nothing changed.
    case unchanged(Order)

    public var order: Order {
        switch self {
        case .applied(let order), .unchanged(let order): order
        }
    }
}

/// Orders (`web_payment` + `web_payment_item`): creation with stock reservation, and status
/// transitions as compare-and-set, each with its outbox event in the same transaction.
///
/// Guarantees, given that the caller runs each call in one `DatabaseWriter.write` (this repository opens
/// no transaction): an order exists only if all its stock was reserved; a transition happens at most once
/// however many callbacks race for it; stock goes back exactly once when an order enters FAILED, EXPIRED
/// or CANCELED. A call that throws may have written part of its work: the caller's write rolls it back.
public struct OrderRepository: Sendable {
    let catalog = CatalogRepository()
    let outbox = OutboxRepository()
    let carts = CartRepository()
    let deliveries = OrderDeliveryRepository()
    let refunds = OrderRefundRepository()

    public init() {}

    // MARK: Creating

    /// Reserves stock for every line and records the order as PENDING, all or nothing.
    /// Throws `insufficientStock`, `productNotFound`, `emptyOrder`, `invalidQuantity` (outside 1…99) or
    /// `OrderLimitError` (a price or total beyond `OrderLimits`).
    public func create(_ db: any DatabaseConnection, _ request: NewOrder, now: Date = Date()) throws -> Order {
        var quantities: [Int: Int] = [:]
        for line in request.lines {
            guard (1...OrderLimits.maxLineQuantity).contains(line.quantity) else { throw PersistenceError.invalidQuantity(line.quantity) }
            quantities[line.productId, default: 0] += line.quantity
        }
        guard !quantities.isEmpty else { throw PersistenceError.emptyOrder }
        var lines: [OrderLine] = []
        // Chosen before the reservations so each one's ledger row names the order.
        let orderId = OrderIdentifier.generate()
        for (productId, quantity) in quantities.sorted(by: { $0.key < $1.key }) {
            guard let product = try catalog.product(db, id: productId) else { throw PersistenceError.productNotFound(productId) }
            try catalog.reserveStock(db, productId: productId, quantity: quantity, orderId: orderId)
            lines.append(OrderLine(productId: productId, productName: product.name, unitPrice: product.price, quantity: quantity))
        }
        // Past the bounds, throwing here rolls back the reservations above with the caller's write.
        let amount = try OrderLimits.amount(of: lines).get()
        // The fee is decided here, from the goods amount just computed, so nothing the browser sent sets it.
        let shippingFee = request.shipping?.quote(goodsPrice: amount.totalPrice, postalCode: request.delivery?.address.postalCode).total ?? 0
        let totalPrice = try OrderLimits.total(goods: amount.totalPrice, shipping: shippingFee).get()
        let inserted = try db.queryOne("""
            INSERT INTO web_payment (order_id, user_id, signup_id, total_quantity, total_price, customer_name,
                                     customer_phone, payment_status, payment_method, created_at, updated_at, from_cart, shipping_fee)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING web_payment_id
            """, [orderId, request.userId, request.signupId, amount.totalQuantity,
                  totalPrice, request.customerName, request.customerPhone,
                  OrderStatus.pending.rawValue, request.paymentMethod, now.unixSeconds, now.unixSeconds, request.fromCart, shippingFee]) {
            row throws(DatabaseError) in try row.int("web_payment_id")
        }
        guard let id = inserted else { throw PersistenceError.orderNotFound(orderId) }
        for line in lines {
            try db.execute("""
                INSERT INTO web_payment_item (web_payment_id, product_id, product_name, unit_price, quantity)
                VALUES (?, ?, ?, ?, ?)
                """, [id, line.productId, line.productName, line.unitPrice, line.quantity])
        }
        if let delivery = request.delivery {
            try deliveries.create(db, orderId: orderId, address: delivery.address, request: delivery.request, now: now)
        }
        try outbox.append(db, topic: "stock.changed", aggregateId: orderId,
                          payload: StockChanged(orderId: orderId, productIds: lines.map(\.productId)), now: now)
        guard let order = try find(db, orderId: orderId) else { throw PersistenceError.orderNotFound(orderId) }
        return order
    }

    // MARK: Transitions

    /// Moves the order to `to` if its status is one of `from`; otherwise changes nothing and
    /// returns `.unchanged` with the order as it is. Entering FAILED, EXPIRED or CANCELED returns
    /// the order's stock. Writes the matching outbox event (see `OrderStatus.eventTopic`), or `topic` when the
    /// move means more than entering the status (`deposit.reversed` for PAID → WAITING_FOR_DEPOSIT).
    public func transition(_ db: any DatabaseConnection, orderId: String, from: Set<OrderStatus>, to: OrderStatus,
                           topic: String? = nil, now: Date = Date()) throws -> OrderTransitionOutcome {
        // `current` decides the stock, cart and event below, so it must be the row the UPDATE replaces.
        try lockForDecision(db, orderId: orderId)
        guard let current = try find(db, orderId: orderId) else { throw PersistenceError.orderNotFound(orderId) }
        let expected = from.map(\.rawValue).sorted()
        let placeholders = Array(repeating: "?", count: expected.count).joined(separator: ", ")
        // The status guard in the UPDATE is the compare-and-set: it is what makes a replay a no-op.
        let changed = try db.execute("""
            UPDATE web_payment SET payment_status = ?, updated_at = ?
            WHERE order_id = ? AND payment_status IN (\(placeholders))
            """, [to.rawValue, now.unixSeconds, orderId] + expected)
        guard changed == 1 else { return .unchanged(current) }
        if to.releasesStock && !current.status.releasesStock, try !hasLeftTheShelf(db, orderId: orderId) {
            // A paid order canceled is a refund; anything else giving stock back never took money.
            let movement = StockMovement(reason: current.status == .paid ? .refund : .release, orderId: orderId)
            // Units a partial refund already gave back (`OrderRefundRepository`) are not given back twice.
            let refunded = try refunds.refundedQuantities(db, orderId: orderId, doneOnly: true)
            for line in current.lines where line.quantity > refunded[line.productId, default: 0] {
                try catalog.releaseStock(db, productId: line.productId, quantity: line.quantity - refunded[line.productId, default: 0], movement)
            }
            try outbox.append(db, topic: "stock.changed", aggregateId: orderId,
                              payload: StockChanged(orderId: orderId, productIds: current.lines.map(\.productId)), now: now)
        }
        if to.commitsPurchase && !current.status.commitsPurchase, try isFromCart(db, orderId: orderId) {
            // Bought lines leave the cart with the payment, so the receipt already shows the cart
            // without them; a later deposit (WAITING → PAID) must not take lines added since. A 바로구매 order
            // never came from the cart and leaves it alone.
            _ = try carts.clear(db, userId: current.userId, productIds: current.lines.map(\.productId))
        }
        try deliveries.followPayment(db, orderId: orderId, status: to, now: now)
        try outbox.append(db, topic: topic ?? to.eventTopic, aggregateId: orderId,
                          payload: OrderStatusChanged(orderId: orderId, userId: current.userId, from: current.status.rawValue,
                                                      to: to.rawValue, totalPrice: current.totalPrice,
                                                      occurredAt: now.unixSeconds), now: now)
        guard let updated = try find(db, orderId: orderId) else { throw PersistenceError.orderNotFound(orderId) }
        return .applied(updated)
    }

    /// Whether the order's lines came from the cart (false for 바로구매).
    func isFromCart(_ db: any DatabaseConnection, orderId: String) throws -> Bool {
        try db.queryOne("SELECT from_cart FROM web_payment WHERE order_id = ?", [orderId]) { row throws(DatabaseError) in
            try row.int("from_cart") != 0
        } ?? true
    }

    /// Records the payment method the shopper chose, while the order is still PENDING.
    /// Returns whether it was recorded.
    @discardableResult
    public func setPaymentMethod(_ db: any DatabaseConnection, orderId: String, method: String, now: Date = Date()) throws -> Bool {
        try db.execute("""
            UPDATE web_payment SET payment_method = ?, updated_at = ? WHERE order_id = ? AND payment_status = 'PENDING'
            """, [method, now.unixSeconds, orderId]) == 1
    }

    /// Makes what this write reads next about the order current until it commits: on PostgreSQL it locks
    /// the order's row (`FOR UPDATE`), so another instance's transition or payment save of the same order
    /// waits here, and the reads that follow see what it committed (READ COMMITTED reads anew per
    /// statement). Without it a read taken before another instance's commit would decide this write.
    /// SQLite needs nothing: its single writer already runs one write at a time.
    /// Whether the order's goods went to a carrier (`FulfilmentStatus.hasLeftTheShelf`): then a cancel gives back no
    /// stock; what a return brings back is restocked by the return itself.
    func hasLeftTheShelf(_ db: any DatabaseConnection, orderId: String) throws -> Bool {
        let status = try db.queryOne("SELECT status FROM order_delivery WHERE order_id = ?", [orderId]) { row throws(DatabaseError) in
            try row.string("status")
        }
        return status.flatMap(FulfilmentStatus.init(rawValue:))?.hasLeftTheShelf ?? false
    }

    func lockForDecision(_ db: any DatabaseConnection, orderId: String) throws {
        guard db.engine == .postgres else { return }
        _ = try db.queryOne("SELECT order_id FROM web_payment WHERE order_id = ? FOR UPDATE", [orderId]) {
            row throws(DatabaseError) in try row.string("order_id")
        }
    }

    // MARK: Reading


    public func find(_ db: any DatabaseConnection, orderId: String) throws -> Order? {
        try db.queryOne("SELECT \(OrderHeader.columns) FROM web_payment WHERE order_id = ?", [orderId], OrderHeader.init(row:))
            .map { try $0.order(lines: lines(db, orderKey: $0.id)) }
    }

    /// A shopper's orders, newest first; pass the last seen `Order.id` as `before` for the next page.
    /// `offset` skips that many of the newest first (page-numbered history); `statuses`, when given, keeps only
    /// orders in one of them.
    public func list(_ db: any DatabaseConnection, userId: Int, limit: Int = 20, before: Int? = nil, offset: Int = 0,
                     statuses: Set<OrderStatus>? = nil) throws -> [Order] {
        let (clause, values) = Self.statusClause(statuses)
        return try db.query("""
            SELECT \(OrderHeader.columns) FROM web_payment WHERE user_id = ? AND web_payment_id < ?\(clause)
            ORDER BY web_payment_id DESC LIMIT ? OFFSET ?
            """, [userId, before ?? Int.max] + values + [limit, max(0, offset)], OrderHeader.init(row:))
            .map { try $0.order(lines: lines(db, orderKey: $0.id)) }
    }

    /// How many orders a shopper has placed (in one of `statuses`, when given).
    public func count(_ db: any DatabaseConnection, userId: Int, statuses: Set<OrderStatus>? = nil) throws -> Int {
        let (clause, values) = Self.statusClause(statuses)
        return try db.queryOne("SELECT count(*) AS orders FROM web_payment WHERE user_id = ?\(clause)", [userId] + values) {
            row throws(DatabaseError) in try row.int("orders")
        } ?? 0
    }

    /// ` AND payment_status IN (?, …)` with its values, or nothing for nil.
    private static func statusClause(_ statuses: Set<OrderStatus>?) -> (String, [any SQLBindable]) {
        guard let statuses else { return ("", []) }
        let values = statuses.map(\.rawValue).sorted()
        guard !values.isEmpty else { return (" AND 1 = 0", []) }
        return (" AND payment_status IN (" + Array(repeating: "?", count: values.count).joined(separator: ", ") + ")", values)
    }

    /// The shopper's orders still waiting for a payment to start (PENDING), by order id.
    public func pendingOrderIds(_ db: any DatabaseConnection, userId: Int) throws -> [String] {
        try db.query("SELECT order_id FROM web_payment WHERE user_id = ? AND payment_status = 'PENDING'", [userId]) {
            row throws(DatabaseError) in try row.string("order_id")
        }
    }

    /// Orders in `status` not updated since `cutoff`, oldest first — for the reconciler and expiry sweeps.
    public func list(_ db: any DatabaseConnection, status: OrderStatus, updatedBefore cutoff: Date, limit: Int = 100) throws -> [Order] {
        try db.query("""
            SELECT \(OrderHeader.columns) FROM web_payment WHERE payment_status = ? AND updated_at < ?
            ORDER BY updated_at LIMIT ?
            """, [status.rawValue, cutoff.unixSeconds, limit], OrderHeader.init(row:))
            .map { try $0.order(lines: lines(db, orderKey: $0.id)) }
    }

    private func lines(_ db: any DatabaseConnection, orderKey: Int) throws -> [OrderLine] {
        try db.query("""
            SELECT product_id, product_name, unit_price, quantity FROM web_payment_item
            WHERE web_payment_id = ? ORDER BY web_payment_item_id
            """, [orderKey]) { row throws(DatabaseError) in
            OrderLine(productId: try row.int("product_id"), productName: try row.string("product_name"),
                      unitPrice: try row.int("unit_price"), quantity: try row.int("quantity"))
        }
    }
}

/// The `web_payment` row before its lines are attached.
private struct OrderHeader {
    let id: Int, orderId: String, userId: Int, signupId: String, totalQuantity: Int, totalPrice: Int
    let customerName: String, customerPhone: String, status: OrderStatus, paymentMethod: String?
    let createdAt: Int64, updatedAt: Int64, shippingFee: Int

    /// The `web_payment` columns `init(row:)` reads.
    static let columns = """
        web_payment_id, order_id, user_id, signup_id, total_quantity, total_price, customer_name, customer_phone,
        payment_status, payment_method, created_at, updated_at, shipping_fee
        """

    init(row: borrowing Row) throws(DatabaseError) {
        let statusText = try row.string("payment_status")
        guard let status = OrderStatus(rawValue: statusText) else {
            throw DatabaseError(kind: .other, message: "unknown web_payment.payment_status '\(statusText)'")
        }
        id = try row.int("web_payment_id")
        orderId = try row.string("order_id")
        userId = try row.int("user_id")
        signupId = try row.string("signup_id")
        totalQuantity = try row.int("total_quantity")
        totalPrice = try row.int("total_price")
        customerName = try row.string("customer_name")
        customerPhone = try row.string("customer_phone")
        self.status = status
        paymentMethod = try row.optionalString("payment_method")
        createdAt = try row.int64("created_at")
        updatedAt = try row.int64("updated_at")
        shippingFee = try row.int("shipping_fee")
    }

    func order(lines: [OrderLine]) -> Order {
        Order(id: id, orderId: orderId, userId: userId, signupId: signupId, totalQuantity: totalQuantity,
              totalPrice: totalPrice, customerName: customerName, customerPhone: customerPhone, status: status,
              paymentMethod: paymentMethod, createdAt: Date(unixSeconds: createdAt), updatedAt: Date(unixSeconds: updatedAt),
              lines: lines, shippingFee: shippingFee)
    }
}

/// Outbox payload of every order status change.
struct OrderStatusChanged: Codable, Sendable {
    let orderId: String
    let userId: Int
    let from: String
    let to: String
    let totalPrice: Int
    let occurredAt: Int64
}

/// Outbox payload telling caches which products' stock moved.
struct StockChanged: Codable, Sendable {
    let orderId: String
    let productIds: [Int]
}

extension OrderStatus {
    /// The outbox topic written when an order enters this status.
    public var eventTopic: String {
        switch self {
        case .pending: "order.pending"
        case .confirming: "order.confirming"
        case .paid: "order.paid"
        case .waitingForDeposit: "deposit.waiting"
        case .failed: "order.failed"
        case .canceled: "order.canceled"
        case .expired: "order.expired"
        }
    }
}

/// Public order ids: "ord_" and 24 random characters from the set Toss allows (A–Z a–z 0–9),
/// so ids are unguessable and never collide in practice.
public enum OrderIdentifier {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return "ord_" + String((0..<24).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// Whether `text` is a well-formed order id (6–64 of A–Z a–z 0–9 - _).
    public static func isValid(_ text: String) -> Bool {
        (6...64).contains(text.utf8.count) && text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x5F
        }
    }
}
