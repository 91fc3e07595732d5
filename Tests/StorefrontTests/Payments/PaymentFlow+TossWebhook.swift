import PluginKit
import TossPayments
@testable import Storefront

extension PaymentFlow {
    /// A Toss-shaped webhook body, decoded by the Toss provider and handled as the `/payments/toss/webhook` route
    /// would for the fake method's orders (the body shapes are Toss's; the method answering lookups is the fake).
    func handleWebhook(body: [UInt8]) async -> WebhookResult {
        await handleWebhook(TossPayments.decodeWebhook(body: body))
    }
}
