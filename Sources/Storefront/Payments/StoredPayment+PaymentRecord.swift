import PluginKit

extension StoredPayment {
    /// The `toss_payment` row for a provider's answer about `order`. `total_price` is the order's amount;
    /// `total_amount` is what the shopper actually paid (after the provider's points), as the seed means it.
    init(_ record: PaymentRecord, order: Order) {
        let status = Status(rawValue: record.status.name) ?? .aborted
        self.init(paymentKey: record.paymentKey, orderId: order.orderId, method: record.method, currency: "KRW",
                  totalPrice: order.totalPrice, totalAmount: record.paidAmount, balanceAmount: record.balanceAmount,
                  discount: record.discount, customerName: order.customerName, customerPhone: order.customerPhone,
                  status: status, approvedAt: record.approvedAt,
                  virtualAccountBank: record.virtualAccount?.bankName, virtualAccountNumber: record.virtualAccount?.accountNumber,
                  virtualAccountHolder: record.virtualAccount?.customerName, virtualAccountOwner: record.virtualAccount?.holderName,
                  virtualAccountDueDate: record.virtualAccount?.dueDate,
                  secret: record.secret, rawResponse: record.rawJSON,
                  refundedAmount: record.refundedAmount, pointsRefunded: min(record.pointsRefunded, record.refundedAmount),
                  paidFrom: record.paidFrom, receiptLines: record.receiptLines)
    }
}
