import Foundation
@testable import Storefront
import Testing
import TestSupport

extension ShopperJourneyTests {
    /// Two small pictures (40×30 red, 30×40 blue PNG), written where the browser can pick them as files.
    static func pictureFiles() throws -> [String] {
        let pictures = [
            "iVBORw0KGgoAAAANSUhEUgAAACgAAAAeCAIAAADRv8uKAAAAKklEQVR4nO3NMQ0AAAgDsAmb/yALGXA06d9MeyJisVgsFovFYrFYLP4bL9HP3Ew1mJ9PAAAAAElFTkSuQmCC",
            "iVBORw0KGgoAAAANSUhEUgAAAB4AAAAoCAIAAABmcd1FAAAAK0lEQVR4nO3MsQkAAAgDsB7W//Esr3AQApmTdo5ErVar1Wq1Wq1Wq9X/6wX+wdxMLUfvQwAAAABJRU5ErkJggg==",
        ]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("journey-pictures-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try pictures.enumerated().map { index, base64 in
            let file = folder.appendingPathComponent("picture-\(index + 1).png")
            try #require(Data(base64Encoded: base64)).write(to: file)
            return file.path
        }
    }

    @Test("an owner creates a product with two pictures, a shopper buys two, the operator refunds one unit, the shopper's order shows it and the audit log lists each step")
    func backOfficeJourney() async throws {
        try await Journey.run("13-back-office") { journey in
            try await journey.signInToBackOffice(as: "owner", role: .owner)
            try await journey.open("/admin/products/new", as: "admin-product-new")
            try await journey.fill("product-name", "여행용 보온 텀블러")
            try await journey.fill("product-price", "15,000")
            try await journey.fill("product-category", "생활")
            try await journey.fill("product-country", "대한민국")
            try await journey.fill("product-manufacturer", "한빛리빙")
            try await journey.fill("product-quantity", "20")
            try await journey.press("저장", arrivingAt: "admin-product-created")
            let path = try await journey.currentPath()
            let productId = try #require(Int(path.split(separator: "/").last.map(String.init) ?? ""), "landed on \(path)")

            try await journey.browser.find("#image-file").type(try Self.pictureFiles().joined(separator: "\n"))
            try await journey.fill("image-alt", "")
            try await journey.press("이미지 올리기", arrivingAt: "admin-product-pictures")
            #expect(try await journey.browser.findAll(".admin-image img").count == 2)

            try await journey.open("/products/\(productId)", as: "product-with-pictures")
            #expect(try await journey.browser.findAll(".gallery-item img").count == 2)

            try await journey.logIn()
            try await journey.addToCart(productId: productId, quantity: 2)
            let orderId = try await journey.checkOut(method: "toss.card")
            try await journey.decide("결제 승인", returningTo: "/payments/toss/return/success", as: "receipt")

            try await journey.open("/admin/orders/\(orderId)", as: "admin-order")
            try await journey.tap("input[name='refund_mode'][value='lines']")
            try await journey.fill("refund-qty-\(productId)", "1")
            try await journey.fill("refund-reason", "한 개 파손")
            try await journey.press("환불하기", arrivingAt: "admin-order-refunded")

            try await journey.open("/orders/\(orderId)", as: "order-partly-refunded")
            #expect(try await journey.text(".refund-amount") == "15,000원")
            #expect(try await journey.text(".refund-reason") == "한 개 파손")

            try await journey.open("/admin/audit", as: "admin-audit")
            let actions = try await journey.browser.execute(
                "return Array.from(document.querySelectorAll('table tbody tr')).map(r => r.textContent);") as? [String] ?? []
            for label in [AuditAction.productCreated.label, AuditAction.productImageUploaded.label, AuditAction.orderRefunded.label] {
                #expect(actions.contains { $0.contains(label) }, "the audit log lists \(label)")
            }
            // The README's dashboard screenshot: today's paid order, net of its refund.
            try await journey.open("/admin", as: "admin-dashboard-after")
            #expect(try await journey.browser.findAll(".admin-page h1").count == 1)
        }
    }
}
