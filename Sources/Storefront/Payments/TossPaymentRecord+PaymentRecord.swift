import Foundation
import PluginKit

extension TossPaymentRecord {
    /// The `toss_payment` row for a provider's answer about `order`. `total_price` is the order's
    /// amount; `total_amount` is what the shopper actually paid (after Toss's discount), as the seed means it.
    init(_ record: PaymentRecord, order: Order) {
        let status = TossPaymentStatus(rawValue: record.status.name) ?? .aborted
        let lines = record.receiptLines.isEmpty ? nil : (try? JSONSerialization.data(withJSONObject: record.receiptLines.map { [$0.label, $0.value] }))
        self.init(paymentKey: record.paymentKey, orderId: order.orderId, method: record.method, currency: "KRW",
                  totalPrice: order.totalPrice, totalAmount: record.paidAmount, balanceAmount: record.balanceAmount,
                  discount: record.discount, customerName: order.customerName, customerPhone: order.customerPhone,
                  status: status, approvedAt: record.approvedAt,
                  virtualAccountBank: record.virtualAccount?.bankName, virtualAccountNumber: record.virtualAccount?.accountNumber,
                  virtualAccountHolder: record.virtualAccount?.customerName, virtualAccountDueDate: record.virtualAccount?.dueDate,
                  secret: record.secret, rawResponse: record.rawJSON, cardCompany: record.cardCompany, cardNumber: record.cardNumber,
                  easyPayProvider: record.easyPayProvider, transferBank: record.transferBank,
                  refundedAmount: record.refundedAmount, pointsRefunded: min(record.pointsRefunded, record.refundedAmount),
                  receiptLines: lines.map { String(decoding: $0, as: UTF8.self) })
    }
}

extension TossPaymentRecord {
    /// `receiptLines` read back as (label, value) pairs; empty when there are none or they cannot be read.
    var decodedReceiptLines: [(label: String, value: String)] {
        guard let text = receiptLines, let pairs = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [[String]] else { return [] }
        return pairs.compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil }
    }
}
