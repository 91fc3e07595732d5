import Foundation
import HTTP
import Synchronization

/// The tiny payment gateway ExamplePay talks to, on a loopback port: a hosted checkout the browser is redirected to,
/// and a JSON API (confirm, refund, look up) that replays each Idempotency-Key's first answer. Defined only here.
final class ExamplePayGateway: Sendable {
    struct Payment: Codable, Equatable {
        var paymentKey: String
        var orderId: String
        var amount: Int
        var balance: Int
        /// `authorized`, `paid`, `partially_refunded`, `refunded`.
        var status: String
    }

    struct State {
        var payments: [String: Payment] = [:]
        var replies: [String: (status: Int, body: [UInt8])] = [:]
        var sequence = 0
    }

    /// The gateway's books, shared by its route handlers.
    final class Store: Sendable {
        let mutex = Mutex(State())
        func withLock<T: Sendable>(_ body: (inout State) -> T) -> T { mutex.withLock { body(&$0) } }
    }

    let state = Store()
    let server: HTTPServer
    let port: Int
    var base: String { "http://127.0.0.1:\(port)" }

    init() throws {
        let state = self.state
        var router = Router()
        // The hosted checkout: approving it authorizes a payment and sends the browser back with the gateway's names.
        router.post("/checkout/approve") { request in
            let form = try request.form()
            let (orderId, amount, back) = (form["order"] ?? "", Int(form["total"] ?? "") ?? 0, form["return"] ?? "")
            let key = Self.authorizePayment(state, orderId: orderId, amount: amount)
            return .redirect(to: "\(back)?ref=\(key)&order=\(orderId)&total=\(amount)")
        }
        router.post("/v1/confirm") { request in Self.once(state, request) { Self.confirm(state, request.body) } }
        router.post("/v1/refund") { request in Self.once(state, request) { Self.refund(state, request.body) } }
        router.get("/v1/payments/:key") { request in
            Self.answer(state.withLock { $0.payments[request.parameters["key"] ?? ""] })
        }
        router.get("/v1/orders/:order") { request in
            // Only a payment that went through can have settled an order; an abandoned authorization never answers.
            Self.answer(state.withLock { $0.payments.values.first { $0.orderId == request.parameters["order"] && $0.status != "authorized" } })
        }
        server = HTTPServer(configuration: ServerConfiguration(port: 0, eventLoops: 1), handler: router.handler)
        port = try server.start()
    }

    func shutdown() async { await server.shutdown() }

    /// The shopper approving the hosted page, without a browser.
    func authorize(orderId: String, amount: Int) -> String { Self.authorizePayment(state, orderId: orderId, amount: amount) }

    static func authorizePayment(_ state: Store, orderId: String, amount: Int) -> String {
        state.withLock { state in
            state.sequence += 1
            let key = "ex_\(state.sequence)_\(orderId)"
            state.payments[key] = Payment(paymentKey: key, orderId: orderId, amount: amount, balance: amount, status: "authorized")
            return key
        }
    }

    static func once(_ state: Store, _ request: Request, _ body: () -> (Int, [UInt8])) -> Response {
        let key = request.headers["Idempotency-Key"] ?? UUID().uuidString
        if let replay = state.withLock({ $0.replies[key] }) { return reply(replay) }
        let answer = body()
        state.withLock { $0.replies[key] = (answer.0, answer.1) }
        return reply(answer)
    }

    static func confirm(_ state: Store, _ body: [UInt8]) -> (Int, [UInt8]) {
        let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
        let key = object["paymentKey"] as? String ?? "", amount = object["amount"] as? Int ?? -1
        return state.withLock { state in
            guard var payment = state.payments[key], payment.orderId == object["orderId"] as? String else { return error(404, "not_found") }
            guard payment.status == "authorized" else { return error(409, "already_paid") }
            guard payment.amount == amount else { return error(400, "amount_mismatch") }
            payment.status = "paid"
            state.payments[key] = payment
            return (200, encode(payment))
        }
    }

    static func refund(_ state: Store, _ body: [UInt8]) -> (Int, [UInt8]) {
        let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
        return state.withLock { state in
            guard var payment = state.payments[object["paymentKey"] as? String ?? ""] else { return error(404, "not_found") }
            guard payment.status != "refunded" else { return error(409, "already_refunded") }
            guard payment.status != "authorized" else { return error(400, "not_paid") }
            let amount = object["amount"] as? Int ?? payment.balance
            guard amount > 0, amount <= payment.balance else { return error(400, "over_balance") }
            payment.balance -= amount
            payment.status = payment.balance == 0 ? "refunded" : "partially_refunded"
            state.payments[payment.paymentKey] = payment
            return (200, encode(payment))
        }
    }

    static func answer(_ payment: Payment?) -> Response {
        payment.map { reply((200, encode($0))) } ?? reply(error(404, "not_found"))
    }

    static func error(_ status: Int, _ code: String) -> (Int, [UInt8]) { (status, Array("{\"error\":\"\(code)\"}".utf8)) }
    static func encode(_ payment: Payment) -> [UInt8] { (try? JSONEncoder().encode(payment)).map(Array.init) ?? [] }
    static func reply(_ answer: (status: Int, body: [UInt8])) -> Response {
        .json(answer.body, status: HTTPStatus(code: answer.status, reason: answer.status == 200 ? "OK" : "Error"))
    }
}
