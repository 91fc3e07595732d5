import Database
import Foundation
import PluginKit

/// Matches deposits on the shop's own account to orders waiting for them (무통장입금, or any method conforming to
/// `DepositRecordingMethod`), one by one as an operator picks, or a bank statement at once.
///
/// Guarantees: a deposit pays an order only for its exact total, through the method (`recordDeposit`, idempotent per
/// order) and then `PaymentFlow.settle`, so the order becomes PAID in one transaction with its outbox event, as a
/// provider's answer would make it; an order that is not waiting, or not paid this way, is refused and nothing
/// changes. A statement row pays an order only when exactly one waiting order has its amount and its 입금자명
/// (spaces and case aside); a row that fits several is left for a person, one that fits none is reported. A statement
/// deposit (known by its name, amount and the bank's transaction time) pays one order only, however often it is
/// picked or imported (`bank_deposit_claim`); a deposit an operator types has no such identity.
public struct BankDeposits: Sendable {
    let flow: PaymentFlow

    public init(flow: PaymentFlow) { self.flow = flow }

    /// What became of one statement row.
    public enum RowResult: Sendable, Equatable {
        case matched(orderId: String)
        /// Several waiting orders fit: an operator picks.
        case ambiguous(orderIds: [String])
        case unmatched
        /// The order fit but could not be paid now (the provider or database did not answer).
        case failed(orderId: String, message: String)
    }

    /// Orders waiting for a deposit by a method that takes one, oldest first.
    public func waitingOrders() async throws(ShopError) -> [Order] {
        let orders = flow.orders, methods = flow.methods
        do {
            return try await flow.database.read { db in
                try orders.list(db, status: .waitingForDeposit, updatedBefore: Date.distantFuture, limit: 1_000)
            }.filter { order in order.paymentMethod.flatMap { methods[$0] } is any DepositRecordingMethod }
        } catch {
            throw .unavailable(reason: "\(error)")
        }
    }

    /// A waiting order with the deadline its account was issued with (ISO 8601, the provider's), when known.
    public struct Waiting: Sendable {
        public var order: Order
        public var dueDate: String?
    }

    /// `waitingOrders()` with each one's deadline, for the operator's list.
    public func waitingWithDueDates() async throws(ShopError) -> [Waiting] {
        let waiting = try await waitingOrders()
        do {
            return try await flow.database.read { [payments = flow.payments] db in
                try waiting.map { order in
                    Waiting(order: order, dueDate: try payments.find(db, orderId: order.orderId)?.virtualAccountDueDate)
                }
            }
        } catch {
            throw .unavailable(reason: "\(error)")
        }
    }

    /// The waiting orders a deposit fits: the same total and the same 입금자명.
    public func candidates(for deposit: BankDeposit, among waiting: [Order]) -> [Order] {
        Self.byFit(waiting)[Fit(deposit)] ?? []
    }

    /// What a deposit and an order must share to fit: the amount, and the name as `normalized` reads it.
    struct Fit: Hashable {
        let amount: Int
        let name: String
        init(_ deposit: BankDeposit) { (amount, name) = (deposit.amount, BankDeposits.normalized(deposit.depositor)) }
        init(_ order: Order) { (amount, name) = (order.totalPrice, BankDeposits.normalized(order.customerName)) }
    }

    /// The waiting orders by what fits them, in their order: a statement's rows are looked up, not compared with
    /// every order (5,000 rows against 1,000 orders were ten million name comparisons on the request path).
    static func byFit(_ waiting: [Order]) -> [Fit: [Order]] {
        Dictionary(grouping: waiting, by: Fit.init)
    }

    /// Runs inside the write that makes an order PAID from a deposit: where the back office records who matched it.
    public typealias AuditStep = @Sendable (any DatabaseConnection, _ orderId: String, BankDeposit) throws -> Void

    /// An operator's match of `deposit` to `orderId`: the order becomes PAID (with `audit`'s entry, in one write).
    public func match(orderId: String, deposit: BankDeposit, audit: AuditStep? = nil) async throws(ShopError) -> Order {
        guard OrderIdentifier.isValid(orderId),
              let order = try? await flow.database.read({ [orders = flow.orders] db in try orders.find(db, orderId: orderId) }) else {
            throw .notFound(.order)
        }
        guard order.status == .waitingForDeposit,
              let method = order.paymentMethod.flatMap({ flow.methods[$0] }) as? any DepositRecordingMethod else {
            throw .conflict(Self.notWaiting(order.status))
        }
        guard deposit.amount == order.totalPrice else {
            throw .validation(["amount": "입금액 \(Won.format(deposit.amount))이 주문 금액 \(Won.format(order.totalPrice))과 다릅니다."])
        }
        let bound: String?
        do {
            bound = try await flow.database.read { [payments = flow.payments] db in try payments.boundKey(db, orderId: orderId) }
        } catch {
            throw .unavailable(reason: "\(error)")
        }
        guard let paymentKey = bound else { throw .conflict("결제 정보를 찾을 수 없습니다.") }
        try await claim(deposit, for: orderId)
        let record: PaymentRecord
        do {
            record = try await method.recordDeposit(paymentKey: paymentKey, amount: deposit.amount, depositor: deposit.depositor,
                                                    idempotencyKey: "deposit-\(orderId)")
        } catch where error.kind == .alreadyProcessed {
            guard let current = try? await method.status(paymentKey: paymentKey) else { throw .conflict("입금 상태를 확인하지 못했습니다.") }
            record = current
        } catch {
            flow.logger.warning("deposit_match_error", ["order_id": .string(orderId), "code": .string(error.code)])
            throw .conflict("입금을 기록하지 못했습니다. (\(error.code))")
        }
        // The shopper canceled, or the order expired, while the operator matched: the method withdrew the payment
        // first, so the deposit is not recorded and the money goes back to whoever sent it.
        guard record.status == .done else {
            flow.logger.notice("deposit_refused", ["order_id": .string(orderId), "status": .string(record.status.name)])
            await release(deposit, from: orderId)
            throw .conflict(Self.withdrawn)
        }
        let alsoWhenPaid = audit.map { audit in { @Sendable (db: any DatabaseConnection) throws in try audit(db, orderId, deposit) } }
        switch await flow.settle(order, with: record, alsoWhenPaid: alsoWhenPaid) {
        case .settled(let paid, _) where paid.status == .paid:
            flow.logger.info("deposit_matched", ["order_id": .string(orderId), "amount": .int(deposit.amount)])
            return paid
        default:
            throw .unavailable(reason: "the deposit was recorded but the order did not move to PAID")
        }
    }

    /// Holds a statement's deposit for `orderId` before anything records it, so one deposit never pays two orders;
    /// a claim left by an attempt that failed later stays the same order's, and a retry goes through.
    func claim(_ deposit: BankDeposit, for orderId: String) async throws(ShopError) {
        guard let transactedAt = deposit.transactedAt else { return }
        let holder: String?
        do {
            holder = try await flow.database.write { db in
                try DepositClaimRepository().claim(db, depositor: Self.normalized(deposit.depositor), amount: deposit.amount,
                                                   transactedAt: transactedAt, orderId: orderId)
            }
        } catch {
            throw .unavailable(reason: "\(error)")
        }
        guard holder == orderId else { throw .conflict(Self.claimed(by: holder ?? "")) }
    }

    /// Undoes `claim` for an order the deposit did not pay; a failure only leaves the deposit held by that order.
    func release(_ deposit: BankDeposit, from orderId: String) async {
        guard let transactedAt = deposit.transactedAt else { return }
        _ = try? await flow.database.write { db in
            try DepositClaimRepository().release(db, depositor: Self.normalized(deposit.depositor), amount: deposit.amount,
                                                 transactedAt: transactedAt, orderId: orderId)
        }
    }

    /// Matches every row of a statement it can; the rest is reported row by row, in order.
    public func importStatement(_ deposits: [BankDeposit], audit: AuditStep? = nil) async throws(ShopError) -> [(deposit: BankDeposit, result: RowResult)] {
        var waiting = Self.byFit(try await waitingOrders())
        var results: [(BankDeposit, RowResult)] = []
        for deposit in deposits {
            let fits = waiting[Fit(deposit)] ?? []
            guard fits.count == 1, let order = fits.first else {
                results.append((deposit, fits.isEmpty ? .unmatched : .ambiguous(orderIds: fits.map(\.orderId))))
                continue
            }
            do {
                _ = try await match(orderId: order.orderId, deposit: deposit, audit: audit)
                waiting[Fit(deposit)] = nil
                results.append((deposit, .matched(orderId: order.orderId)))
            } catch {
                results.append((deposit, .failed(orderId: order.orderId, message: error.message)))
            }
        }
        return results
    }

    // MARK: Refunds the shop pays by transfer

    /// A refund owed by transfer, with the order it belongs to and the bank's name for the operator.
    public struct OwedRefund: Sendable {
        public var order: Order
        public var transfer: RefundTransfer
        public var bankName: String
    }

    /// The most refunded orders one page looks at; more wait for the next visit.
    public static let owedRefundsLimit = 200

    /// Refunds of deposit-taking methods whose transfer no operator has recorded yet, oldest order first.
    public func refundsOwed() async throws(ShopError) -> [OwedRefund] {
        let ids = flow.methods.values.compactMap { $0 as? any DepositRecordingMethod }.map(\.id)
        guard !ids.isEmpty else { return [] }
        let refunded: [(Order, String)]
        do {
            refunded = try await flow.database.read { [orders = flow.orders, payments = flow.payments] db in
                let orderIds = try db.query("""
                    SELECT o.order_id FROM web_payment o JOIN toss_payment p ON p.order_id = o.order_id
                    WHERE o.payment_method IN (\(ids.map { _ in "?" }.joined(separator: ", "))) AND p.refunded_amount > 0
                    ORDER BY o.web_payment_id LIMIT \(Self.owedRefundsLimit)
                    """, ids) { row throws(DatabaseError) in try row.string("order_id") }
                return try orderIds.compactMap { orderId in
                    guard let order = try orders.find(db, orderId: orderId), let key = try payments.boundKey(db, orderId: orderId) else { return nil }
                    return (order, key)
                }
            }
        } catch {
            throw .unavailable(reason: "\(error)")
        }
        var owed: [OwedRefund] = []
        for (order, key) in refunded {
            guard let method = order.paymentMethod.flatMap({ flow.methods[$0] }) as? any DepositRecordingMethod else { continue }
            let transfers: [RefundTransfer]
            do { transfers = try await method.refundTransfers(paymentKey: key) } catch {
                throw .unavailable(reason: "refund transfers of \(order.orderId): \(error.code)")
            }
            for transfer in transfers where transfer.transferredAt == nil {
                let bank = method.refundBanks.first { $0.code == transfer.bankCode }?.name ?? transfer.bankCode
                owed.append(OwedRefund(order: order, transfer: transfer, bankName: bank))
            }
        }
        return owed
    }

    /// The operator's record that refund `index` of `orderId` was sent: the method masks its account, the order's
    /// payment row shows it sent, and `audit` records who said so (after the method took it: the method's
    /// ledger is the record of the transfer). Recording it twice is refused with a Korean message.
    public func recordRefundTransfer(orderId: String, index: Int,
                                     audit: @escaping @Sendable (any DatabaseConnection, RefundTransfer) throws -> Void) async throws(ShopError) {
        guard OrderIdentifier.isValid(orderId),
              let order = try? await flow.database.read({ [orders = flow.orders] db in try orders.find(db, orderId: orderId) }),
              let method = order.paymentMethod.flatMap({ flow.methods[$0] }) as? any DepositRecordingMethod,
              let key = try? await flow.database.read({ [payments = flow.payments] db in try payments.boundKey(db, orderId: orderId) }) else {
            throw .notFound(.order)
        }
        let transfers: [RefundTransfer]
        do { transfers = try await method.refundTransfers(paymentKey: key) } catch { throw .unavailable(reason: error.code) }
        guard let transfer = transfers.first(where: { $0.index == index }) else { throw .notFound(.order) }
        guard transfer.transferredAt == nil else { throw .conflict(Self.alreadyTransferred) }
        let record: PaymentRecord
        do {
            record = try await method.recordRefundTransfer(paymentKey: key, index: index, idempotencyKey: "refund-transfer-\(orderId)-\(index)")
        } catch where error.kind == .alreadyProcessed {
            throw .conflict(Self.alreadyTransferred)
        } catch {
            throw .unavailable(reason: error.code)
        }
        _ = await flow.settle(order, with: record)
        do {
            try await flow.database.write { db in try audit(db, transfer) }
        } catch {
            throw .unavailable(reason: "\(error)")
        }
        flow.logger.info("refund_transfer_recorded", ["order_id": .string(orderId), "amount": .int(transfer.amount)])
    }

    static let alreadyTransferred = "이미 이체 완료로 기록된 환불입니다."

    /// Why a match of an order that is not waiting is refused; for one that will never be paid, what to do with
    /// the money.
    static func notWaiting(_ status: OrderStatus) -> String {
        let reason = "입금을 기다리는 무통장입금 주문이 아닙니다. (\(status.label))"
        return switch status {
        case .expired: reason + " 입금 기한이 지나 주문이 만료되었으니, 이 입금은 보낸 분께 돌려 드려 주세요."
        case .canceled, .failed: reason + " 이 입금은 보낸 분께 돌려 드려 주세요."
        default: reason
        }
    }

    static func claimed(by orderId: String) -> String {
        "이 입금은 이미 주문 \(orderId)에 확인되었습니다. 같은 입금으로 두 주문을 결제할 수 없습니다."
    }

    static let withdrawn = "주문이 방금 취소되었거나 입금 기한이 지나 입금을 기록하지 않았습니다. 이 입금은 보낸 분께 돌려 드려 주세요."

    /// A name as banks and shoppers write it differently: no spaces, no case.
    static func normalized(_ name: String) -> String { name.filter { !$0.isWhitespace }.lowercased() }
}
