// libFuzzer target: the application/x-www-form-urlencoded and query decoder, and percent-decoding
// (compiled into the HTTP module by Tests/Fuzz/fuzz.sh). Strict and lenient decoding must agree where both succeed.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFormDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    let lenient = Parameters.parse(urlEncoded: input, strict: false)
    precondition(lenient != nil, "lenient decoding never fails")
    if let strict = Parameters.parse(urlEncoded: input, strict: true), let lenient {
        precondition(strict.pairs.count == lenient.pairs.count, "strict and lenient disagree on the pair count")
    }
    _ = PercentDecoding.decodeString(input[...], plusAsSpace: false)
    return 0
}
