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
                       refundAccount: RefundAccountInput? = nil, claim: RefundClaim = RefundClaim()) async throws(ShopError) -> Order {
        guard OrderIdentifier.isValid(orderId), let order = try? await database.read({ [orders] db in try orders.find(db, orderId: orderId) }), order.userId == userId else {
            metrics?.recordRefund(.failure(.notFound(.order)), method: nil, knownMethods: methods)
            throw .notFound(.order)
        }
        let flow = self
        let result = await cancels.run("\(orderId) \(amount.map(String.init) ?? "all")") {
            do throws(ShopError) {
                return .success(try await flow.cancel(order, amount: amount, reason: reason, refundAccount: refundAccount, claim: claim))
            } catch {
                return .failure(error)
            }
        }
        metrics?.recordRefund(result, method: order.paymentMethod, knownMethods: methods)
        return try result.get()
    }

    /// The banks a refund of `order` must be paid into, when cancelling it needs the shopper's account (its
    /// payment method says so for the payment's current status); nil when the refund goes back by itself.
    public func refundBanks(for order: Order, payment: StoredPayment?) -> [RefundBank]? {
        guard order.status == .paid, let payment, let method = order.paymentMethod.flatMap({ methods[$0] }),
              method.refundNeedsDestination(status: PaymentRecord.Status(name: payment.status.rawValue)) else { return nil }
        return method.refundBanks
    }

    /// How often a refund is asked again while the provider says the same request is still being processed.
    static let processingRetries = 5

    private func cancel(_ found: Order, amount: Int?, reason: String,
                        refundAccount: RefundAccountInput?, claim: RefundClaim) async throws(ShopError) -> Order {
        let orderId = found.orderId
        // Read again inside the flight: a cancel that finished since `found` was read has changed it.
        let order = (try? await database.read({ [orders] db in try orders.find(db, orderId: orderId) })) ?? found
        // The shopper's second click shows the first one's outcome; an operator's form drawn before the cancel is stale.
        if order.status == .canceled {
            guard claim.expectedBalance == nil else { throw .conflict(Self.refundStaleMessage) }
            return order
        }
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
        // Toss refunds a virtual account before its deposit only whole (NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT).
        if let amount, amount < stored.balanceAmount, order.status == .waitingForDeposit {
            throw .validation(["amount": "입금 전인 가상계좌 주문은 전액만 취소할 수 있습니다."])
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
        let refundAmount = amount ?? stored.balanceAmount, requestKey = key
        if refundAmount > 0 { try await claimRefund(order, key: requestKey, amount: refundAmount, stored: stored, reason: reason, claim: claim) }
        let answer: (record: PaymentRecord, ours: Bool)
        do throws(ShopError) {
            answer = try await providerRefund(order, method: method, stored: stored, reason: reason, amount: amount,
                                              destination: destination, key: requestKey)
        } catch {
            await dropRefund(key: requestKey)
            throw error
        }
        let record = answer.record
        let fullyRefunded = record.balanceAmount == 0
        let row = StoredPayment(record, order: order)
        do {
            return try await database.write { [orders, payments] db in
                try payments.save(db, row)
                if refundAmount > 0 { try Self.recordRefund(db, key: requestKey, orderId: orderId, ours: answer.ours, claim: claim) }
                guard fullyRefunded else { return try orders.find(db, orderId: orderId) ?? order }
                return try orders.transition(db, orderId: orderId, from: [.paid, .waitingForDeposit], to: .canceled).order
            }
        } catch {
            logger.error("payment_cancel_record_error", ["order_id": .string(orderId), "error": "\(error)"])
            throw .unavailable(reason: "\(error)")
        }
    }

    /// The provider's refund and what its refusal means: `ours` false when the provider says the payment was
    /// canceled or refunded already by another request, whose view is returned to be recorded.
    private func providerRefund(_ order: Order, method: any PaymentMethod, stored: StoredPayment, reason: String, amount: Int?,
                                destination: RefundDestination?, key: String) async throws(ShopError) -> (record: PaymentRecord, ours: Bool) {
        let orderId = order.orderId
        do {
            return (try await refund(method, stored.paymentKey, reason: reason, amount: amount, destination: destination, key: key), true)
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
                logger.notice("payment_cancel_needs_account", ["order_id": .string(orderId), "status": .string(fetched.status.name)])
                _ = try RefundAccountInput.none.destination(banks: method.refundBanks)
            }
            guard action == .treatAsDone else { throw .conflict(PaymentErrorTable.message(.cancel, code: error.code)) }
            // Canceled, refunded or being refunded already: record what the provider says of the payment now.
            guard let fetched = try? await method.status(paymentKey: stored.paymentKey) else {
                throw .conflict("취소 상태를 확인하지 못했습니다. 잠시 후 다시 확인해 주세요.")
            }
            // A refund still under way (ALREADY_REFUNDING_PAYMENT) has not lowered the balance yet: say so, change nothing.
            guard fetched.balanceAmount == 0 || fetched.balanceAmount < stored.balanceAmount else {
                throw .conflict(PaymentErrorTable.message(.cancel, code: error.code))
            }
            return (fetched, false)
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
}
