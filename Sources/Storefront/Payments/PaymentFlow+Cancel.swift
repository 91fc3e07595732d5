import Foundation
import PluginKit

extension PaymentFlow {
    /// Cancels a shopper's PAID (refund) or WAITING_FOR_DEPOSIT (void) order: the provider first, then
    /// CANCELED with the stock returned, in one transaction. `amount` nil refunds everything left;
    /// a partial refund keeps the order PAID and records the new balance.
    ///
    /// `refundAccount` is where the money goes when the payment's method needs an account for this refund (a
    /// virtual account after its deposit: `PaymentMethod.refundNeedsDestination`); it is validated against the
    /// method's banks, and when it is missing or wrong the call throws `.validation` keyed by
    /// `RefundAccountInput`'s field names and changes nothing. Otherwise it is ignored. It is sent to the provider
    /// only, never stored, and logged with its number masked.
    public func cancel(userId: Int, orderId: String, amount: Int? = nil, reason: String = "구매자 요청",
                       refundAccount: RefundAccountInput? = nil) async throws(ShopError) -> Order {
        guard OrderIdentifier.isValid(orderId), let order = try? await database.read({ [orders] db in try orders.find(db, orderId: orderId) }), order.userId == userId else {
            throw .notFound(.order)
        }
        let flow = self
        return try await cancels.run("\(orderId) \(amount.map(String.init) ?? "all")") {
            do throws(ShopError) {
                return .success(try await flow.cancel(order, amount: amount, reason: reason, refundAccount: refundAccount))
            } catch {
                return .failure(error)
            }
        }.get()
    }

    /// The banks a refund of `order` must be paid into, when cancelling it needs the shopper's account (its
    /// payment method says so for the payment's current status); nil when the refund goes back by itself.
    public func refundBanks(for order: Order, payment: TossPaymentRecord?) -> [RefundBank]? {
        guard order.status == .paid, let payment, let method = order.paymentMethod.flatMap({ methods[$0] }),
              method.refundNeedsDestination(status: PaymentRecord.Status(toss: payment.status.rawValue)) else { return nil }
        return method.refundBanks
    }

    /// How often a refund is asked again while the provider says the same request is still being processed.
    static let processingRetries = 5

    private func cancel(_ found: Order, amount: Int?, reason: String,
                        refundAccount: RefundAccountInput?) async throws(ShopError) -> Order {
        let orderId = found.orderId
        // Read again inside the flight: a cancel that finished since `found` was read has changed it.
        let order = (try? await database.read({ [orders] db in try orders.find(db, orderId: orderId) })) ?? found
        if order.status == .canceled { return order }
        guard order.status == .paid || order.status == .waitingForDeposit else {
            throw .conflict("이 주문은 취소할 수 없습니다. (\(order.status.label))")
        }
        guard let stored = try? await database.read({ [payments] db in try payments.find(db, orderId: orderId) }),
              let method = order.paymentMethod.flatMap({ methods[$0] }) else {
            throw .conflict("결제 정보를 찾을 수 없어 취소하지 못했습니다. 고객센터로 문의해 주세요.")
        }
        if let amount, amount <= 0 || amount > stored.balanceAmount {
            throw .validation(["amount": "환불 금액은 1원 이상 \(Won.format(stored.balanceAmount)) 이하여야 합니다."])
        }
        var destination: RefundDestination?
        if let banks = refundBanks(for: order, payment: stored) {
            destination = try (refundAccount ?? .none).destination(banks: banks)
        }
        // The key is derived from the order and the balance it starts from, so a double click replays
        // the first refund instead of making a second one. A refund account adds a digest of itself: the
        // provider replays a refused request's error to its key, so a corrected account needs a key of its own.
        var key = "cancel-\(orderId)-\(stored.balanceAmount)-\(amount.map(String.init) ?? "all")"
        if case .bankAccount(let bank, let number, let holder)? = destination {
            key += "-" + String(XXH64.hash(Array("\(bank)\u{1F}\(number)\u{1F}\(holder)".utf8)), radix: 36)
            logger.info("payment_refund_account", ["order_id": .string(orderId), "bank": .string(bank),
                                                   "account": .string(RefundDestination.masked(number))])
        }
        let record: PaymentRecord
        do {
            record = try await refund(method, stored.paymentKey, reason: reason, amount: amount, destination: destination, key: key)
        } catch {
            let action = PaymentErrorTable.action(.cancel, for: error)
            logger.warning("payment_cancel_error", ["order_id": .string(orderId), "code": .string(error.code),
                                                    "action": .string(action.rawValue)])
            // The provider refused the account itself (holder and number do not match, a bank it cannot pay into):
            // the form comes back with the reason beside the number, nothing changed.
            if destination != nil, PaymentErrorTable.refundAccountCodes.contains(error.code) {
                throw .validation([RefundAccountInput.numberField: PaymentErrorTable.message(.cancel, code: error.code)])
            }
            // A deposit whose webhook has not come yet: the order still waits here, the provider has the money and
            // refuses to return it without an account. Record the deposit as the provider tells it, and ask the
            // shopper for the account instead of saying the order cannot be canceled.
            if destination == nil, action == .fail || action == .shopperMustAct,
               let fetched = try? await method.status(paymentKey: stored.paymentKey),
               fetched.paymentKey == stored.paymentKey, method.refundNeedsDestination(status: fetched.status) {
                _ = await settle(order, with: fetched)
                logger.notice("payment_cancel_needs_account", ["order_id": .string(orderId), "status": .string(fetched.status.tossValue)])
                _ = try RefundAccountInput.none.destination(banks: method.refundBanks)
            }
            guard action == .treatAsDone else { throw .conflict(PaymentErrorTable.message(.cancel, code: error.code)) }
            // Canceled, refunded or being refunded already: record what Toss says of the payment now.
            guard let fetched = try? await method.status(paymentKey: stored.paymentKey) else {
                throw .conflict("취소 상태를 확인하지 못했습니다. 잠시 후 다시 확인해 주세요.")
            }
            // A refund still under way (ALREADY_REFUNDING_PAYMENT) has not lowered the balance yet: say so, change nothing.
            guard fetched.balanceAmount == 0 || fetched.balanceAmount < stored.balanceAmount else {
                throw .conflict(PaymentErrorTable.message(.cancel, code: error.code))
            }
            record = fetched
        }
        let fullyRefunded = record.balanceAmount == 0
        let row = TossPaymentRecord(record, order: order)
        do {
            return try await database.write { [orders, payments] db in
                try payments.save(db, row)
                guard fullyRefunded else { return try orders.find(db, orderId: orderId) ?? order }
                return try orders.transition(db, orderId: orderId, from: [.paid, .waitingForDeposit], to: .canceled).order
            }
        } catch {
            logger.error("payment_cancel_record_error", ["order_id": .string(orderId), "error": "\(error)"])
            throw .unavailable(reason: "\(error)")
        }
    }

    /// The provider's refund; while it answers that the same idempotent request is still running (another
    /// instance took the same click), asks again shortly, and gets the first answer replayed once it is done.
    private func refund(_ method: any PaymentMethod, _ paymentKey: String, reason: String, amount: Int?,
                        destination: RefundDestination?, key: String) async throws(PaymentError) -> PaymentRecord {
        var attempt = 0
        while true {
            do {
                return try await method.cancel(paymentKey: paymentKey, reason: reason, amount: amount,
                                               destination: destination, idempotencyKey: key)
            } catch where error.code == "IDEMPOTENT_REQUEST_PROCESSING" && attempt < Self.processingRetries {
                attempt += 1
                try? await Task.sleep(for: .milliseconds(200 * attempt))
            }
        }
    }

    // MARK: Webhooks

    /// What a webhook delivery asks of us, from Toss's two body shapes (TOSS_API.md §6).
    struct WebhookNotice: Sendable {
        let orderId: String
        /// `eventType`; nil for DEPOSIT_CALLBACK, whose flat body has none.
        let eventType: String?
        let secret: String?
        /// The payment a PAYMENT_STATUS_CHANGED is about; DEPOSIT_CALLBACK names none.
        let paymentKey: String?
    }

    static func parseWebhook(_ body: [UInt8]) -> WebhookNotice? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else { return nil }
        // PAYMENT_STATUS_CHANGED wraps the Payment in `data`; DEPOSIT_CALLBACK is flat.
        let eventType = object["eventType"] as? String
        let payload = eventType != nil ? (object["data"] as? [String: Any] ?? [:]) : object
        guard let orderId = payload["orderId"] as? String, OrderIdentifier.isValid(orderId) else { return nil }
        let paymentKey = (payload["paymentKey"] as? String).flatMap { (1...200).contains($0.utf8.count) ? $0 : nil }
        return WebhookNotice(orderId: orderId, eventType: eventType.map { String($0.prefix(40)) },
                             secret: payload["secret"] as? String, paymentKey: paymentKey)
    }

    public enum WebhookResult: Sendable, Equatable {
        /// Handled (or safely ignored): answer 200 so the provider stops retrying.
        case handled
        /// Our side failed; answer 500 so the provider retries later.
        case retryLater
    }

    /// A webhook is only a hint, verified per event as Toss documents (TOSS_API.md §6): a DEPOSIT_CALLBACK's
    /// secret must match the stored one where we have one; a PAYMENT_STATUS_CHANGED carries no proof (Toss signs
    /// only payout events, and older or EXPIRED bodies have no or a null `secret`), so it must name a payment key.
    /// Either way the provider is then asked for the payment by key, and only its answer is applied. A replay applies
    /// nothing new because every transition is a compare-and-set. A webhook about another payment than the
    /// order's bound one (its window opened twice) is acknowledged and ignored; before any confirm, only an
    /// approved payment is applied, since an unapproved window says nothing about the order.
    public func handleWebhook(body: [UInt8]) async -> WebhookResult {
        guard let notice = Self.parseWebhook(body) else {
            logger.notice("webhook_ignored", ["reason": "unparsable"])
            return .handled
        }
        guard let order = try? await database.read({ [orders] db in try orders.find(db, orderId: notice.orderId) }) else {
            logger.notice("webhook_ignored", ["reason": "unknown_order", "order_id": .string(notice.orderId)])
            return .handled
        }
        switch notice.eventType {
        case nil:
            let stored: TossPaymentRecord?
            do {
                stored = try await database.read { [payments] db in try payments.find(db, orderId: notice.orderId) }
            } catch {
                logger.warning("webhook_deferred", ["order_id": .string(notice.orderId), "reason": "payment_unreadable"])
                return .retryLater
            }
            if let expected = stored?.secret {
                guard let sent = notice.secret, SecureToken.constantTimeEquals(sent, expected) else {
                    logger.warning("webhook_rejected", ["reason": "secret_mismatch", "order_id": .string(notice.orderId)])
                    return .handled
                }
            }
        case "PAYMENT_STATUS_CHANGED"?:
            guard notice.paymentKey != nil else {
                logger.notice("webhook_ignored", ["reason": "no_payment_key", "order_id": .string(notice.orderId)])
                return .handled
            }
        case let other?:
            logger.notice("webhook_ignored", ["reason": "unsupported_event", "event": .string(other),
                                              "order_id": .string(notice.orderId)])
            return .handled
        }
        guard let method = order.paymentMethod.flatMap({ methods[$0] }) else { return .handled }
        let bound: String?
        do {
            bound = try await database.read { [payments] db in try payments.boundKey(db, orderId: notice.orderId) }
        } catch {
            logger.warning("webhook_deferred", ["order_id": .string(notice.orderId), "reason": "bound_key_unreadable"])
            return .retryLater
        }
        if let bound, let named = notice.paymentKey, named != bound {
            logger.notice("webhook_ignored", ["reason": "other_payment", "order_id": .string(notice.orderId)])
            return .handled
        }
        do {
            guard let record = try await providerRecord(of: order, method: method, named: notice.paymentKey) else { return .handled }
            guard bound != nil || record.status.isApproved else {
                logger.notice("webhook_ignored", ["reason": "unapproved", "order_id": .string(notice.orderId),
                                                   "status": .string(record.status.tossValue)])
                return .handled
            }
            _ = await settle(order, with: record, reversingDeposit: bound != nil)
            logger.info("webhook_applied", ["order_id": .string(notice.orderId), "status": .string(record.status.tossValue)])
            return .handled
        } catch {
            logger.warning("webhook_status_error", ["order_id": .string(notice.orderId), "code": .string(error.code)])
            return .retryLater
        }
    }
}
