import Foundation
import PluginKit

/// One Toss payment window flavour. The four share one client and differ only in how the browser
/// opens the window (TOSS_API.md §2.1): card, transfer, virtual account, and TossPay (CARD + DIRECT + TOSSPAY).
public struct TossPaymentMethod: PaymentMethod {
    public let id: String
    public let displayName: String
    let tossMethod: String
    let extras: [String: any Sendable]
    let client: TossClient
    let configuration: TossConfiguration

    public func browserStep(for order: PaymentOrder) -> BrowserStep {
        var request: [String: any Sendable] = [
            "method": tossMethod,
            "amount": ["currency": "KRW", "value": order.amount] as [String: any Sendable],
            "orderId": order.orderId,
            "orderName": String(order.orderName.prefix(100)),
            "successUrl": order.successURL,
            "failUrl": order.failURL,
            "customerName": String(order.customerName.prefix(100)),
        ]
        let phone = order.customerPhone.filter(\.isNumber)
        if (8...15).contains(phone.count) { request["customerMobilePhone"] = phone }
        for (key, value) in extras { request[key] = value }
        return .script(ScriptCall(sdkURL: configuration.sdkURL, clientKey: configuration.clientKey,
                                  customerKey: "@@ANONYMOUS", request: request))
    }

    public func confirm(paymentKey: String, orderId: String, amount: Int, idempotencyKey: String) async throws(PaymentError) -> PaymentRecord {
        try await client.confirm(paymentKey: paymentKey, orderId: orderId, amount: amount, idempotencyKey: idempotencyKey)
    }

    public func cancel(paymentKey: String, reason: String, amount: Int?, destination: RefundDestination?,
                       idempotencyKey: String) async throws(PaymentError) -> PaymentRecord {
        try await client.cancel(paymentKey: paymentKey, reason: reason, amount: amount,
                                destination: isVirtualAccount ? destination : nil, idempotencyKey: idempotencyKey)
    }

    /// Toss refunds a virtual account after its deposit only to an account the cancel names (§4.3); before the
    /// deposit a cancel voids the account and needs none. Every other method refunds to what paid.
    public func refundNeedsDestination(status: PaymentRecord.Status) -> Bool {
        isVirtualAccount && (status == .done || status == .partialCanceled)
    }

    /// Every bank and securities firm of Toss's code table (an account at either can take a refund), banks first.
    public var refundBanks: [RefundBank] {
        isVirtualAccount ? TossCodes.bankTable.map { RefundBank(code: $0.code, name: $0.name) } : []
    }

    var isVirtualAccount: Bool { tossMethod == "VIRTUAL_ACCOUNT" }

    public func status(orderId: String) async throws(PaymentError) -> PaymentRecord? {
        do {
            return try await client.payment(orderId: orderId)
        } catch where error.kind == .notFound {
            return nil
        }
    }

    public func status(paymentKey: String) async throws(PaymentError) -> PaymentRecord? {
        do {
            return try await client.payment(paymentKey: paymentKey)
        } catch where error.kind == .notFound {
            return nil
        }
    }
}

/// The Toss provider: `toss.card`, `toss.transfer`, `toss.virtualAccount`, `toss.tosspay` over one client, Toss's
/// return parameters (the common convention) and its webhooks.
public struct TossPayments: PaymentProvider {
    public let name = "toss"
    public let displayName = "토스페이먼츠"
    public let methods: [any PaymentMethod]

    public init(_ configuration: TossConfiguration) {
        methods = Self.methods(configuration)
    }

    /// The methods' ids and names, known without a configuration (for `storefront plugins`).
    public static let methodNames: [(id: String, displayName: String)] = [
        ("toss.card", "카드"), ("toss.transfer", "계좌이체"), ("toss.virtualAccount", "가상계좌"), ("toss.tosspay", "토스페이"),
    ]

    public func decodeWebhook(_ delivery: WebhookDelivery) -> WebhookDecoding { Self.decodeWebhook(body: delivery.body) }

    /// What a Toss webhook body says (no configuration needed: Toss signs no payment event).
    public static func decodeWebhook(body: [UInt8]) -> WebhookDecoding { TossWebhookDecoder.decode(body) }

    public static func methods(_ configuration: TossConfiguration) -> [any PaymentMethod] {
        let client = TossClient(configuration: configuration)
        func method(_ id: String, _ name: String, _ toss: String, _ extras: [String: any Sendable] = [:]) -> TossPaymentMethod {
            TossPaymentMethod(id: id, displayName: name, tossMethod: toss, extras: extras, client: client, configuration: configuration)
        }
        return [
            method("toss.card", "카드", "CARD", ["card": ["flowMode": "DEFAULT"] as [String: any Sendable]]),
            method("toss.transfer", "계좌이체", "TRANSFER"),
            method("toss.virtualAccount", "가상계좌", "VIRTUAL_ACCOUNT",
                   ["virtualAccount": ["validHours": 24, "cashReceipt": ["type": "소득공제"] as [String: any Sendable]] as [String: any Sendable]]),
            method("toss.tosspay", "토스페이", "CARD", ["card": ["flowMode": "DIRECT", "easyPay": "TOSSPAY"] as [String: any Sendable]]),
        ]
    }
}
