import Foundation
import JSON
import Testing

/// `JSONWriter` writes what `JSONSerialization` would parse back to the same tree, with sorted keys.
@Suite("JSON writer")
struct JSONWriterTests {
    func text(_ value: Any) throws -> String { String(decoding: try JSONWriter.bytes(value), as: UTF8.self) }

    @Test("keys are sorted and strings escaped per RFC 8259: quote, backslash and control characters, nothing else")
    func exactText() throws {
        let tree: [String: Any] = ["b": [true, NSNull(), -12], "a": "q\"b\\s/t\u{1}\n결제 ✓", "c": ["y": 1, "x": false]]
        #expect(try text(tree) == #"{"a":"q\"b\\s/t\u0001\n결제 ✓","b":[true,null,-12],"c":{"x":false,"y":1}}"#)
    }

    @Test("what it writes parses back to the same tree")
    func roundTrip() throws {
        let tree: [String: Any] = ["amount": 15_000, "big": Int64.max, "rate": 0.25, "lines": [["카드", "신한 1234-****"]],
                                   "tab\tkey": "\u{8}\u{c}\r", "empty": [String: Any](), "none": [Any]()]
        let parsed = try JSONSerialization.jsonObject(with: try JSONWriter.data(tree))
        // Compared through JSONSerialization's own sorted text of both trees.
        let reference = try JSONSerialization.data(withJSONObject: tree, options: [.sortedKeys])
        #expect(try JSONSerialization.data(withJSONObject: parsed, options: [.sortedKeys]) == reference)
    }

    @Test("a parsed body's booleans and numbers are written back as booleans and numbers")
    func parsedValues() throws {
        let parsed = try JSONSerialization.jsonObject(with: Data(#"{"done":true,"count":3,"ratio":1.5}"#.utf8))
        #expect(try text(parsed) == #"{"count":3,"done":true,"ratio":1.5}"#)
    }

    @Test("a number JSON cannot hold is refused, naming where it was")
    func nonFinite() throws {
        let error = #expect(throws: JSONWriter.Failure.self) { try JSONWriter.bytes(["payment": ["amount": Double.nan]]) }
        #expect(error?.path == "payment.amount")
    }
}
