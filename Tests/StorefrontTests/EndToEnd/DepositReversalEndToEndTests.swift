import Foundation
import PluginKit
import Testing
import TestSupport
@testable import Storefront

@Suite("A deposit taken back, end to end", .timeLimit(.minutes(1)))
struct DepositReversalEndToEndTests {
    @Test("the sandbox's 입금 오류 takes a paid virtual-account order back to waiting for the deposit, and a new deposit pays it again")
    func reversedThenDepositedAgain() async throws {
        try await withLiveShop { live in
            let (orderId, _) = try await ScriptedShopper(live).pay(with: "toss.virtualAccount")
            #expect(await live.sandbox.deposit(orderId: orderId) == .success("DONE"))
            try await eventually { try await live.status(orderId) == .paid }

            #expect(await live.sandbox.reverseDeposit(orderId: orderId) == .success("WAITING_FOR_DEPOSIT"))
            try await eventually { try await live.status(orderId) == .waitingForDeposit }
            #expect(try await live.payment(orderId)?.status == .waitingForDeposit)

            #expect(await live.sandbox.deposit(orderId: orderId) == .success("DONE"))
            try await eventually { try await live.status(orderId) == .paid }
        }
    }
}
