import Foundation
import Synchronization
import Testing
@testable import Storefront

/// How many times `CountedValue` has been decoded (only the memo tests decode it).
private let countedDecodes = Atomic<Int>(0)

/// A value that counts its decodings, to see which reads the memo answers.
private struct CountedValue: Codable, Sendable, Equatable {
    let name: String

    init(name: String) { self.name = name }

    init(from decoder: any Decoder) throws {
        countedDecodes.add(1, ordering: .relaxed)
        name = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .name)
    }
}

/// Cached JSON decoded once per distinct entry. Serialized: the tests share the decode counter, and one test
/// decoding while another counts made the count flaky.
@Suite("decoded cache values", .serialized)
struct DecodedValueMemoTests {
    func json(_ name: String) throws -> [UInt8] { Array(try JSONEncoder().encode(CountedValue(name: name))) }

    @Test("the same bytes under the same key are decoded once; changed bytes are decoded again")
    func decodesOncePerEntry() throws {
        let memo = DecodedValueMemo()
        let before = countedDecodes.load(ordering: .relaxed)
        #expect(memo.decode(CountedValue.self, key: "k", bytes: try json("사과")) == CountedValue(name: "사과"))
        #expect(memo.decode(CountedValue.self, key: "k", bytes: try json("사과")) == CountedValue(name: "사과"))
        #expect(countedDecodes.load(ordering: .relaxed) - before == 1)
        #expect(memo.decode(CountedValue.self, key: "k", bytes: try json("배")) == CountedValue(name: "배"))
        #expect(countedDecodes.load(ordering: .relaxed) - before == 2)
    }

    @Test("bytes that are not the type's JSON give nil, and a remembered value of another type is not returned")
    func rejectsOtherShapes() throws {
        let memo = DecodedValueMemo()
        #expect(memo.decode(Product.self, key: "k", bytes: Array("{}".utf8)) == nil)
        #expect(memo.decode(Product.self, key: "k", bytes: Array("not json".utf8)) == nil)
        struct Named: Codable, Sendable { let name: String }
        _ = memo.decode(Named.self, key: "k", bytes: try json("사과"))
        #expect(memo.decode(Product.self, key: "k", bytes: try json("사과")) == nil)
    }

    @Test("the memo holds at most its capacity of keys and still answers every key correctly")
    func bounded() throws {
        let memo = DecodedValueMemo(capacity: 3)
        for index in 0..<10 {
            #expect(memo.decode(CountedValue.self, key: "k\(index)", bytes: try json("\(index)")) == CountedValue(name: "\(index)"))
        }
        #expect(memo.count <= 3)
        #expect(memo.decode(CountedValue.self, key: "k0", bytes: try json("0")) == CountedValue(name: "0"))
    }
}
