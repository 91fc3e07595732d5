import Foundation
import Testing
@testable import Storefront

@Suite("JSON inside a script element")
struct ScriptSafeJSONTests {
    @Test("angle brackets and ampersands cannot close the script element")
    func escapesMarkup() throws {
        let json = try ScriptSafeJSON.encode(["orderName": "</script><script>alert(1)</script> & more"])
        #expect(!json.contains("<"))
        #expect(!json.contains(">"))
        #expect(!json.contains("&"))
    }

    @Test("the escaped text parses back to the same values")
    func roundTrips() throws {
        let original = "</script> 사과 & 배 외 2건"
        let json = try ScriptSafeJSON.encode(["orderName": original, "amount": 12_900])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["orderName"] as? String == original)
        #expect(object["amount"] as? Int == 12_900)
    }
}
