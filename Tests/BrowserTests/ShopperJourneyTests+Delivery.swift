import Foundation
import Storefront
import Testing
import TestSupport

extension ShopperJourneyTests {
    @Test("the shopper buys with an address and a fee, an operator ships it with a 송장번호, the shopper sees 배송중 with the tracking link, the operator marks it delivered and the shopper confirms")
    func deliveryJourney() async throws {
        try await Journey.run("12-delivery") { journey in
            let orderId = try await journey.buy(method: "toss.card")
            #expect(try await journey.text(".shipping-fee") == "3,000원")

            try await journey.signInToBackOffice()
            try await journey.open("/admin/fulfilment", as: "admin-fulfilment")
            try await journey.tap("#carrier-\(orderId) option[value='cj']")
            try await journey.fill("tracking-\(orderId)", "1234-5678-9012")
            try await journey.press("발송", arrivingAt: "admin-fulfilment-shipped")
            #expect(try await journey.text(".flash") == AdminFlash.orderShipped.message)

            try await journey.open("/orders/\(orderId)", as: "order-shipped")
            #expect(try await journey.text(".delivery-status") == "배송중")
            #expect(try await journey.text(".carrier") == "CJ대한통운")
            let link = try await journey.browser.execute("return document.querySelector('a.tracking-link').href;") as? String
            #expect(link == "https://trace.cjlogistics.com/next/tracking.html?wblNo=123456789012")

            try await journey.open("/admin/fulfilment?status=SHIPPED", as: "admin-in-transit")
            try await journey.press("배송 완료", arrivingAt: "admin-delivered")
            try await journey.open("/orders/\(orderId)", as: "order-delivered")
            #expect(try await journey.text(".delivery-status") == "배송 완료")
            try await journey.press("구매 확정", arrivingAt: "order-confirmed")
            #expect(try await journey.text(".delivery-status") == "구매 확정")
        }
    }
}
