/// Korean names of the payment-method ids, for orders whose method has no live plugin to ask
/// (an order placed before a method was disabled still shows how it was to be paid).
enum PaymentMethodNames {
    static let known: [String: String] = [
        "toss.card": "카드", "toss.transfer": "계좌이체", "toss.virtualAccount": "가상계좌", "toss.tosspay": "토스페이",
    ]

    static func displayName(for id: String?) -> String {
        guard let id else { return "" }
        return known[id] ?? id
    }
}
