import Foundation
import PluginKit

/// Toss's two webhook body shapes (TOSS_API.md §6) to neutral events. Toss signs no payment event, so:
/// a DEPOSIT_CALLBACK (flat, no event type, no payment key) carries the payment's `secret` for the shop to compare
/// with the stored one; a PAYMENT_STATUS_CHANGED carries no usable proof (older and EXPIRED bodies have a null
/// `secret`) and is acted on only when it names a payment key. Every other event type is ignored.
enum TossWebhookDecoder {
    static func decode(_ body: [UInt8]) -> WebhookDecoding {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            return .ignored(reason: "unparsable")
        }
        // PAYMENT_STATUS_CHANGED wraps the Payment in `data`; DEPOSIT_CALLBACK is flat.
        let eventType = object["eventType"] as? String
        if let eventType, eventType != "PAYMENT_STATUS_CHANGED" { return .ignored(reason: "unsupported_event") }
        let payload = eventType != nil ? (object["data"] as? [String: Any] ?? [:]) : object
        guard let orderId = payload["orderId"] as? String, (1...64).contains(orderId.utf8.count) else { return .ignored(reason: "unparsable") }
        let paymentKey = (payload["paymentKey"] as? String).flatMap { (1...200).contains($0.utf8.count) ? $0 : nil }
        let status = PaymentRecord.Status(toss: payload["status"] as? String ?? "")
        var kind = PaymentWebhookEvent.kind(of: status)
        if eventType == nil, kind == .paymentDone { kind = .depositReceived }
        return .event(PaymentWebhookEvent(orderId: orderId, paymentKey: paymentKey, kind: kind,
                                          proof: eventType == nil ? .echoedSecret(payload["secret"] as? String) : .none))
    }
}
