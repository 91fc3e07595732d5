import Database
import Testing
@testable import Storefront

/// `FulfilmentStatus` owns its legal moves, and the repository's compare-and-set applies exactly those.
@Suite("Fulfilment state machine")
struct FulfilmentStateMachineTests {
    /// Every legal move of DESIGN.md's fulfilment line, and nothing else.
    static let legal: Set<[FulfilmentStatus]> = [
        [.awaitingPayment, .preparing], [.awaitingPayment, .canceling], [.awaitingPayment, .canceled],
        [.preparing, .shipped], [.preparing, .canceling], [.preparing, .canceled],
        [.canceling, .canceled], [.canceling, .preparing], [.canceling, .awaitingPayment],
        [.shipped, .delivered], [.shipped, .returned],
        [.delivered, .confirmed], [.delivered, .returned],
    ]

    static var allPairs: [[FulfilmentStatus]] {
        FulfilmentStatus.allCases.flatMap { from in FulfilmentStatus.allCases.map { [from, $0] } }
    }

    @Test("the status type allows exactly the legal moves", arguments: allPairs)
    func ownsItsMoves(pair: [FulfilmentStatus]) {
        #expect(pair[0].canMove(to: pair[1]) == Self.legal.contains(pair))
    }

    @Test("CONFIRMED, CANCELED and RETURNED are final")
    func finals() {
        for final in [FulfilmentStatus.confirmed, .canceled, .returned] {
            #expect(FulfilmentStatus.allCases.allSatisfy { !final.canMove(to: $0) })
        }
    }

    @Test("the shopper may cancel only before shipping and ask a return only while shipped or delivered")
    func shopperRules() {
        #expect(FulfilmentStatus.allCases.filter(\.shopperMayCancel) == [.awaitingPayment, .preparing])
        #expect(FulfilmentStatus.allCases.filter(\.shopperMayRequestReturn) == [.shipped, .delivered])
    }

    @Test("the repository applies each legal move once and refuses every illegal one, on every engine",
          arguments: TestDatabases.engines)
    func repositoryMoves(engine: DatabaseEngine) async throws {
        // One database per engine, one paid order per pair: a database per pair overloads a shared test cluster.
        try await withDeliveryShop(on: engine, stock: 99) { s in
            for pair in Self.allPairs {
                let (from, to) = (pair[0], pair[1])
                let order = try await s.paidOrder()
                // Put the row in `from` directly: this test is about the compare-and-set, not the path there.
                try await s.shop.write { db in
                    try db.execute("UPDATE order_delivery SET status = ? WHERE order_id = ?", [from.rawValue, order.orderId])
                }
                let moved = try await s.shop.write { db in
                    try OrderDeliveryRepository().move(db, orderId: order.orderId, to: to, carrier: Carrier.named("cj"),
                                                       trackingNumber: "123456789012")
                }
                #expect((moved != nil) == Self.legal.contains(pair), "\(from) → \(to)")
                #expect(try await s.status(order.orderId) == (moved != nil ? to : from), "\(from) → \(to)")
            }
        }
    }
}
