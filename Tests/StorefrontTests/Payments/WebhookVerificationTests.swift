import Foundation
import PluginKit
import Testing
@testable import Storefront

/// Each webhook event verified the way Toss documents it (TOSS_API.md §6): DEPOSIT_CALLBACK by the payment's
/// `secret`; PAYMENT_STATUS_CHANGED, which Toss does not sign, by fetching the payment by its key.
@Suite("webhook verification")
struct WebhookVerificationTests {
    /// A virtual-account order waiting for its deposit (its secret stored), which the provider now says is paid.
    func depositedAtProvider(_ s: PaymentShop) async throws -> Order {
        let order = try await s.virtualAccountOrder()
        #expect(try await s.shop.read { db in try PaymentRepository().find(db, orderId: order.orderId) }?.secret != nil)
        try await s.providerSays(.done)
        return order
    }

    static func statusChanged(_ orderId: String, status: String, secretField: String) -> [UInt8] {
        Array(#"""
        {"eventType":"PAYMENT_STATUS_CHANGED","createdAt":"2026-11-25T12:00:00.000000",
         "data":{"paymentKey":"pk_va","orderId":"\#(orderId)","status":"\#(status)","totalAmount":12900\#(secretField)}}
        """#.utf8)
    }

    @Test("a status-change webhook without a usable secret is applied via the payment fetched by its key",
          arguments: [#","secret":null"#, "", #","secret":"ps_from_another_format""#])
    func statusChangedWithoutSecret(secretField: String) async throws {
        try await withPaymentShop { s in
            let order = try await depositedAtProvider(s)
            #expect(await s.flow.handleWebhook(body: Self.statusChanged(order.orderId, status: "DONE", secretField: secretField)) == .handled)
            #expect(try await s.status(order.orderId) == .paid)
        }
    }

    @Test("a status-change webhook's body is not trusted: the payment fetched by key decides")
    func statusChangedBodyNotTrusted() async throws {
        try await withPaymentShop { s in
            let order = try await depositedAtProvider(s)
            try await s.providerSays(.waitingForDeposit)
            #expect(await s.flow.handleWebhook(body: Self.statusChanged(order.orderId, status: "DONE", secretField: "")) == .handled)
            #expect(try await s.status(order.orderId) == .waitingForDeposit)
        }
    }

    @Test("a payment-done webhook about an order already paid by that payment asks the provider nothing; a cancel notice still does")
    func knownPaymentDoneIsNotLookedUp() async throws {
        try await withPaymentShop { s in
            let order = try await depositedAtProvider(s)
            #expect(await s.flow.handleWebhook(body: Self.statusChanged(order.orderId, status: "DONE", secretField: "")) == .handled)
            try #require(try await s.status(order.orderId) == .paid)
            let asked = s.method.lookupCount
            #expect(await s.flow.handleWebhook(body: Self.statusChanged(order.orderId, status: "DONE", secretField: "")) == .handled)
            #expect(s.method.lookupCount == asked)
            try await s.providerSays(.canceled)
            #expect(await s.flow.handleWebhook(body: Self.statusChanged(order.orderId, status: "CANCELED", secretField: "")) == .handled)
            #expect(s.method.lookupCount > asked)
        }
    }

    @Test("a DEPOSIT_CALLBACK without the secret changes nothing once a secret is stored", arguments: [#""secret":null,"#, ""])
    func depositCallbackNeedsSecret(secretField: String) async throws {
        try await withPaymentShop { s in
            let order = try await depositedAtProvider(s)
            let body = #"{"createdAt":"2026-11-25T12:00:00.000000",\#(secretField)"status":"DONE","transactionKey":"t","orderId":"\#(order.orderId)"}"#
            #expect(await s.flow.handleWebhook(body: Array(body.utf8)) == .handled)
            #expect(try await s.status(order.orderId) == .waitingForDeposit)
        }
    }
}
