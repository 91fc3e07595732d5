@testable import Storefront

extension DeliveryForm {
    /// A mainland address (서울 강남구, no surcharge) for tests about something other than delivery.
    static var seoul: DeliveryForm {
        var form = DeliveryForm()
        form.recipient = "홍길동"
        form.phone = "010-1234-5678"
        form.postalCode = "06236"
        form.line1 = "서울 강남구 테헤란로 152"
        form.line2 = "12층"
        return form
    }

    /// The checkout form's delivery fields for `seoul`, as a browser posts them.
    static let seoulFields: [(String, String)] = [
        ("recipient", "홍길동"), ("recipient_phone", "010-1234-5678"), ("postal_code", "06236"),
        ("address_line1", "서울 강남구 테헤란로 152"), ("address_line2", "12층"),
    ]
}

extension ShippingPolicy {
    /// A shop that delivers free everywhere: for the tests about payments, refunds and stock, whose amounts are then
    /// the goods' alone. The fee's own tests (ShippingFeeTests, CheckoutShippingTests) use the configured defaults.
    static var free: ShippingPolicy {
        var section = ShippingSection()
        section.fee = 0
        section.remoteAreaSurcharge.jeju = 0
        section.remoteAreaSurcharge.island = 0
        return ShippingPolicy(section)
    }
}

extension CheckoutService {
    /// `placeOrder` delivering to `DeliveryForm.seoul`, for the many tests whose subject is not the address.
    func placeOrder(userId: Int, signupId: String, customerName: String, customerPhone: String,
                    paymentMethod: String, direct: DirectPurchase? = nil) async throws(ShopError) -> Order {
        try await placeOrder(userId: userId, signupId: signupId, customerName: customerName, customerPhone: customerPhone,
                             paymentMethod: paymentMethod, delivery: .seoul, direct: direct)
    }
}
