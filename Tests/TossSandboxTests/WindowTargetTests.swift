import Foundation
import Testing
import TestSupport
@testable import TossSandbox

/// Where the window opens (TOSS_API.md §2.1 `windowTarget`): Toss's SDK frames it over the shop's page on
/// PC and gives it the whole page on mobile; either way the choice sends the top page to successUrl or failUrl.
@Suite("Sandbox: the payment window in an iframe or as the page", .timeLimit(.minutes(1)))
struct WindowTargetTests {
    static func formTargets(_ response: TestResponse) throws -> [String?] {
        try HTMLDocument(response).xpath("//form[@method='post']").map { $0.attribute("target") }
    }

    @Test("a window opened in the SDK's iframe posts every choice from the top page, so the shop is never framed")
    func iframeChoicesMoveTheTopPage() async throws {
        try await withSandbox { fixture in
            let response = try await fixture.windowResponse(orderId: "order-iframe-1", windowTarget: "iframe")
            #expect(response.status == 200)
            let targets = try Self.formTargets(response)
            #expect(!targets.isEmpty)
            #expect(targets.allSatisfy { $0 == "_top" })
        }
    }

    @Test("a window opened as the page posts its choices in place", arguments: [nil, "self"])
    func pageChoicesStayInPlace(windowTarget: String?) async throws {
        try await withSandbox { fixture in
            let response = try await fixture.windowResponse(orderId: "order-self-1", windowTarget: windowTarget)
            #expect(response.status == 200)
            let targets = try Self.formTargets(response)
            #expect(!targets.isEmpty)
            #expect(targets.allSatisfy { $0 == nil })
        }
    }

    @Test("an unknown windowTarget is refused with INVALID_PARAMETERS and opens no payment")
    func unknownTargetRefused() async throws {
        try await withSandbox { fixture in
            let response = try await fixture.windowResponse(orderId: "order-popup-1", windowTarget: "popup")
            #expect(response.status == 400)
            #expect(response.text.contains("INVALID_PARAMETERS"))
            #expect(fixture.sandbox.status(orderId: "order-popup-1") == nil)
        }
    }
}
