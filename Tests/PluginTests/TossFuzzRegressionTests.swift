import Foundation
import Testing
import TestSupport
@testable import TossPayments

/// Replays the Toss fuzz target's kept inputs (Tests/Fuzz): what Toss sends decodes or is refused, never a crash.
@Suite("Fuzz inputs kept for the Toss decoder")
struct TossFuzzRegressionTests {
    @Test("every kept Toss body decodes to a payment or to nothing", arguments: FuzzInputs.of("toss-webhook"))
    func tossInput(_ input: FuzzInputs.Input) {
        _ = TossPaymentDecoder.record(from: Data(input.bytes))
    }
}
