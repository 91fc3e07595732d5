// libFuzzer target: decoding what Toss sends (a Payment object, alone or wrapped in a webhook), compiled with
// PluginKit and the TossPayments plugin into one module by Tests/Fuzz/fuzz.sh. Any bytes decode or are refused.

import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTossWebhook(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let body = Data(UnsafeBufferPointer(start: data, count: size))
    if let record = TossPaymentDecoder.record(from: body) {
        precondition((0...TossPaymentDecoder.maxAmount).contains(record.totalAmount), "amount out of bounds")
        _ = record.paidAmount
    }
    return 0
}
