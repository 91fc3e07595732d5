// libFuzzer target: the HTTP/1.1 request parser (compiled into the HTTP module by Tests/Fuzz/fuzz.sh).
// The first byte picks how the input is cut into network reads, so a head split at any point is tried too;
// every complete request is then read the ways a handler reads it (query, strict query, form, cookies).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPRequest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let first = input.first else { return 0 }
    let step = Int(first % 32) + 1
    let limits = ParserLimits(maxRequestLineBytes: 512, maxHeaderBytes: 2048, maxHeaderCount: 16, maxBodyBytes: 1024)
    var parser = RequestParser(limits: limits, remoteAddress: "127.0.0.1")
    var buffered: [UInt8] = []
    var offset = 1
    while offset < input.count {
        buffered += input[offset..<min(input.count, offset + step)]
        offset += step
        while true {
            var consumed = 0
            let event = buffered.withUnsafeBufferPointer { parser.parse($0, consumed: &consumed) }
            precondition(consumed >= 0 && consumed <= buffered.count, "consumed \(consumed) of \(buffered.count)")
            buffered.removeFirst(consumed)
            switch event {
            case .needMore: break
            case .expectContinue: continue
            case .failure: return 0
            case .streamedHead, .streamedBodyEnd: continue
            case .request(let request, _):
                _ = request.query
                _ = try? request.strictQuery()
                _ = try? request.form()
                _ = request.cookies
                continue
            }
            break
        }
    }
    return 0
}
