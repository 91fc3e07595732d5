import PluginKit

extension PaymentFlow {
    public enum WebhookResult: Sendable, Equatable {
        /// Handled (or safely ignored): answer 200 so the provider stops retrying.
        case handled
        /// Our side failed; answer 500 so the provider retries later.
        case retryLater
        /// No provider by that name here: answer 404, so a provider configured with a wrong address sees failures in
        /// its dashboard instead of deliveries acknowledged into nothing.
        case unknownProvider
    }

    /// A delivery to `/payments/PROVIDER/webhook`, decoded by that provider; one for a provider the shop does not
    /// serve changes nothing and is answered as not found.
    public func handleWebhook(provider name: String, delivery: WebhookDelivery) async -> WebhookResult {
        guard let provider = providers[name] else {
            logger.notice("webhook_ignored", ["reason": "unknown_provider", "provider": .string(String(name.prefix(40)))])
            return .unknownProvider
        }
        return await handleWebhook(provider.decodeWebhook(delivery), provider: name)
    }

    /// A webhook is only a hint, verified as its proof says: a signed one is believed as far as naming the
    /// payment; one echoing the payment's secret must match the stored secret where we have one; one with no proof
    /// (Toss signs no payment event) must name a payment key. Either way the provider is then asked for the payment
    /// by key, and only its answer is applied. A replay applies nothing new because every transition is a
    /// compare-and-set. A webhook about another payment than the order's bound one (its window opened twice) is
    /// acknowledged and ignored; before any confirm, only an approved payment is applied, since an unapproved
    /// window says nothing about the order.
    public func handleWebhook(_ decoding: WebhookDecoding, provider name: String = "") async -> WebhookResult {
        let notice: PaymentWebhookEvent
        switch decoding {
        case .event(let event) where OrderIdentifier.isValid(event.orderId):
            notice = event
        case .event:
            logger.notice("webhook_ignored", ["reason": "unparsable"])
            return .handled
        case .ignored(let reason):
            logger.notice("webhook_ignored", ["reason": .string(reason), "provider": .string(name)])
            return .handled
        case .forged(let reason):
            logger.warning("webhook_rejected", ["reason": .string(reason), "provider": .string(name)])
            return .handled
        }
        guard let order = try? await database.read({ [orders] db in try orders.find(db, orderId: notice.orderId) }) else {
            logger.notice("webhook_ignored", ["reason": "unknown_order", "order_id": .string(notice.orderId)])
            return .handled
        }
        switch notice.proof {
        case .echoedSecret(let sent):
            let stored: StoredPayment?
            do {
                stored = try await database.read { [payments] db in try payments.find(db, orderId: notice.orderId) }
            } catch {
                logger.warning("webhook_deferred", ["order_id": .string(notice.orderId), "reason": "payment_unreadable"])
                return .retryLater
            }
            if let expected = stored?.secret {
                guard let sent, SecureToken.constantTimeEquals(sent, expected) else {
                    logger.warning("webhook_rejected", ["reason": "secret_mismatch", "order_id": .string(notice.orderId)])
                    return .handled
                }
            }
        case .none:
            guard notice.paymentKey != nil else {
                logger.notice("webhook_ignored", ["reason": "no_payment_key", "order_id": .string(notice.orderId)])
                return .handled
            }
        case .signed:
            break
        }
        guard let method = order.paymentMethod.flatMap({ methods[$0] }) else { return .handled }
        // A provider's webhook speaks only for its own methods' orders.
        if !name.isEmpty, method.providerName != name {
            logger.notice("webhook_ignored", ["reason": "other_provider", "order_id": .string(notice.orderId)])
            return .handled
        }
        let boundPayment: StoredPayment?
        do {
            boundPayment = try await database.read { [payments] db in try payments.bound(db, orderId: notice.orderId) }
        } catch {
            logger.warning("webhook_deferred", ["order_id": .string(notice.orderId), "reason": "bound_key_unreadable"])
            return .retryLater
        }
        let bound = boundPayment?.paymentKey
        if let bound, let named = notice.paymentKey, named != bound {
            logger.notice("webhook_ignored", ["reason": "other_payment", "order_id": .string(notice.orderId)])
            return .handled
        }
        if alreadyKnown(notice, of: order, bound: boundPayment) {
            logger.info("webhook_known", ["order_id": .string(notice.orderId)])
            return .handled
        }
        do {
            guard let record = try await providerRecord(of: order, method: method, named: notice.paymentKey) else { return .handled }
            guard bound != nil || record.status.isApproved else {
                logger.notice("webhook_ignored", ["reason": "unapproved", "order_id": .string(notice.orderId),
                                                   "status": .string(record.status.name)])
                return .handled
            }
            // Only an order already paid before the provider was asked can have its deposit taken back: a WAITING
            // answer asked for while the order still waited may predate the deposit another delivery (another
            // instance) has since applied. Toss sends the reversal's own webhook, which then finds the order paid.
            _ = await settle(order, with: record, reversingDeposit: bound != nil && order.status == .paid)
            logger.info("webhook_applied", ["order_id": .string(notice.orderId), "status": .string(record.status.name)])
            return .handled
        } catch {
            logger.warning("webhook_status_error", ["order_id": .string(notice.orderId), "code": .string(error.code)])
            return .retryLater
        }
    }

    /// A payment-done notice about the bound payment of an order the shop already holds paid for that payment's
    /// whole amount says nothing new (a provider sends one after every confirm the shop made itself): it is
    /// acknowledged without asking the provider again. Whatever it claims, it could only have re-applied the state
    /// stored; any other notice (a cancel, a deposit, a reversal) is still verified with the provider.
    private func alreadyKnown(_ notice: PaymentWebhookEvent, of order: Order, bound: StoredPayment?) -> Bool {
        guard notice.kind == .paymentDone, order.status == .paid, let bound, notice.paymentKey == bound.paymentKey else { return false }
        return bound.status == .done && bound.refundedAmount == 0 && bound.orderId == order.orderId
    }
}
