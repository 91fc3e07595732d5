import Testing
@testable import Storefront

/// 송장 일괄 등록: a CSV of 주문번호, 택배사, 송장번호 ships every row in one write or refuses the whole file, naming
/// the row and the column.
@Suite("Shipment CSV")
struct ShipmentCSVTests {
    @Test("a file with a header, a BOM, quotes and CRLF lines reads every row")
    func reads() throws {
        let csv = "\u{FEFF}주문번호,택배사,송장번호\r\nord_aaaaaaaaaaaa,CJ대한통운,\"1234-5678-9012\"\r\n\r\nord_bbbbbbbbbbbb,logen,12345678901\r\n"
        let rows = try ShipmentCSV.shipments(csv)
        #expect(rows.map(\.orderId) == ["ord_aaaaaaaaaaaa", "ord_bbbbbbbbbbbb"])
        #expect(rows.map(\.row) == [2, 4])
        #expect(rows.map(\.carrier.code) == ["cj", "logen"])
        #expect(rows[0].trackingNumber == "123456789012")
    }

    @Test("a bad row refuses the file, naming its row and column",
          arguments: [("ord_aaaaaaaaaaaa,드론택배,123456789012", "1행 택배사"), ("ord_aaaaaaaaaaaa,cj,12ab", "1행 송장번호"),
                      ("주문,cj,123456789012", "1행 주문번호"), ("ord_aaaaaaaaaaaa,cj", "1행 송장번호"), ("", "1행 주문번호"),
                      ("ord_aaaaaaaaaaaa,cj,123456789012\nord_aaaaaaaaaaaa,cj,123456789013", "2행 주문번호")])
    func refusals(csv: String, prefix: String) {
        let refusal = #expect(throws: ShipmentCSV.Refusal.self) { try ShipmentCSV.shipments(csv) }
        #expect(refusal?.message.hasPrefix(prefix) == true, "\(refusal?.message ?? "")")
    }

    @Test("one order that cannot ship refuses the whole upload and ships nothing")
    func allOrNothing() async throws {
        try await withDeliveryShop { s in
            let paid = try await s.paidOrder(), pending = try await s.placeOrder()
            let csv = "\(paid.orderId),cj,123456789012\n\(pending.orderId),cj,123456789013\n"
            let error = await #expect(throws: ShopError.self) { try await s.fulfilment.shipAll(csv: csv) }
            guard case .validation(let errors)? = error else { Issue.record("expected a validation error"); return }
            #expect(errors[FulfilmentService.csvField]?.hasPrefix("2행 주문번호") == true)
            #expect(try await s.status(paid.orderId) == .preparing)
        }
    }

    @Test("a good upload ships every order, and a 배송 완료 upload delivers them")
    func shipsAll() async throws {
        try await withDeliveryShop { s in
            let first = try await s.paidOrder(), second = try await s.paidOrder()
            let shipped = try await s.fulfilment.shipAll(csv: "\(first.orderId),한진택배,512345678901\n\(second.orderId),롯데택배,2345678901234\n")
            #expect(shipped.map(\.status) == [.shipped, .shipped])
            try await s.fulfilment.markAllDelivered(csv: "주문번호\n\(first.orderId)\n\(second.orderId)\n")
            #expect(try await s.status(first.orderId) == .delivered)
            #expect(try await s.status(second.orderId) == .delivered)
        }
    }
}
