import Foundation
import Testing
@testable import Storefront

/// The 배송비 rules: the base fee below `freeOver`, free from it, the 제주 and 도서산간 surcharges by postal code, and
/// the config keys that set them.
@Suite("Shipping fee")
struct ShippingFeeTests {
    let policy = ShippingPolicy()

    @Test("goods of 49,999원 pay the 3,000원 fee and are told how much more ships free")
    func justBelowFree() {
        let quote = policy.quote(goodsPrice: 49_999, postalCode: "06236")
        #expect(quote.total == 3_000)
        #expect(quote.freeShippingHint(freeOver: policy.freeOver) == "50,000원 이상 무료배송까지 1원")
    }

    @Test("goods of exactly 50,000원 ship free, with no hint")
    func atFree() {
        let quote = policy.quote(goodsPrice: 50_000, postalCode: "06236")
        #expect(quote.total == 0)
        #expect(quote.freeShippingHint(freeOver: policy.freeOver) == nil)
    }

    @Test("the cart's hint names what is missing: 38,000원 of goods is 12,000원 short")
    func cartHint() {
        #expect(policy.quote(goodsPrice: 38_000, postalCode: nil).freeShippingHint(freeOver: 50_000) == "50,000원 이상 무료배송까지 12,000원")
    }

    @Test("제주 adds its surcharge, also to an order that ships free", arguments: ["63002", "63100", "63644"])
    func jeju(code: String) {
        #expect(RemoteAreas.kind(of: code) == .jeju)
        #expect(policy.quote(goodsPrice: 10_000, postalCode: code).total == 6_000)
        #expect(policy.quote(goodsPrice: 60_000, postalCode: code).total == 3_000)
    }

    @Test("도서산간 codes (울릉, 옹진, 신안, 추자도, 우도) add the island surcharge",
          arguments: ["40200", "40240", "23100", "58800", "63000", "63001", "63365"])
    func islands(code: String) {
        #expect(RemoteAreas.kind(of: code) == .island)
        #expect(policy.quote(goodsPrice: 10_000, postalCode: code).total == 8_000)
        #expect(policy.quote(goodsPrice: 50_000, postalCode: code).total == 5_000)
    }

    @Test("codes just outside the ranges and malformed codes are mainland", arguments: ["40199", "40241", "62999", "63645", "06236", "6323", "6323a", ""])
    func mainland(code: String) {
        #expect(RemoteAreas.kind(of: code) == .mainland)
    }

    @Test("a bad shipping config value is a startup error naming its key",
          arguments: [(#"{"shipping": {"fee": -1}}"#, "shipping.fee"),
                      (#"{"shipping": {"remoteAreaSurcharge": {"jeju": 200000000}}}"#, "shipping.remoteAreaSurcharge.jeju"),
                      (#"{"shipping": {"autoConfirmDays": 0}}"#, "shipping.autoConfirmDays"),
                      (#"{"shipping": {"freeOver": "lots"}}"#, "shipping.freeOver"),
                      (#"{"shipping": {"fees": 1}}"#, "shipping.fees")])
    func badConfig(json: String, key: String) throws {
        let error = #expect(throws: ConfigError.self) {
            let config = try ConfigLoader.decode(Data(json.utf8), source: "storefront.json")
            try ConfigLoader.validate(config, source: "storefront.json")
        }
        #expect(error?.keyPath == key)
    }

    @Test("the shipping config sets the fee, the free threshold and the surcharges")
    func config() throws {
        let json = #"{"shipping": {"fee": 2500, "freeOver": 30000, "remoteAreaSurcharge": {"jeju": 4000, "island": 7000}}}"#
        let policy = ShippingPolicy(try ConfigLoader.decode(Data(json.utf8), source: "storefront.json").shipping)
        #expect(policy.quote(goodsPrice: 29_999, postalCode: "06236").total == 2_500)
        #expect(policy.quote(goodsPrice: 30_000, postalCode: "63100").total == 4_000)
        #expect(policy.quote(goodsPrice: 30_000, postalCode: "40200").total == 7_000)
    }
}
