// libFuzzer target: the multipart/form-data parser (compiled into the HTTP module by Tests/Fuzz/fuzz.sh).
// The first byte picks a piece size; the body is parsed whole and in pieces of that size, and both must agree
// on every part and on success or failure. The first line after it is also read as a Content-Type.

/// A parse's result: each part's head and content, or the error.
private func parse(_ body: ArraySlice<UInt8>, step: Int, limits: MultipartLimits) -> String {
    do {
        var parser = try MultipartParser(boundary: "XyZ", limits: limits)
        var parts: [(MultipartPartHead, [UInt8])] = []
        var open = false
        var offset = body.startIndex
        repeat {
            let end = min(body.endIndex, offset + step)
            for event in try parser.feed(body[offset..<end]) {
                switch event {
                case .partStarted(let head):
                    precondition(!open, "a part started inside a part")
                    parts.append((head, []))
                    open = true
                case .partData(let bytes):
                    precondition(open && !bytes.isEmpty, "data outside a part, or empty")
                    parts[parts.count - 1].1 += bytes
                    precondition(parts[parts.count - 1].1.count <= (parts[parts.count - 1].0.isFile ? limits.maxFileBytes : limits.maxFieldBytes))
                case .partEnded:
                    precondition(open, "a part ended that never started")
                    open = false
                }
            }
            offset = end
        } while offset < body.endIndex
        try parser.finish()
        precondition(!open, "complete with a part open")
        precondition(parts.count <= limits.maxParts)
        return "\(parts.map { "\($0.0) \($0.1)" })"
    } catch {
        return "\(error)"
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMultipart(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let first = input.first else { return 0 }
    let body = input[1...]
    if let newline = body.firstIndex(of: 0x0A) {
        _ = MultipartParser.boundary(fromContentType: String(decoding: body[..<newline], as: UTF8.self))
    }
    let limits = MultipartLimits(maxBodyBytes: 4096, maxFileBytes: 512, maxFieldBytes: 64, maxParts: 8, maxPartHeaderBytes: 256)
    let whole = parse(body, step: max(1, body.count), limits: limits)
    let pieces = parse(body, step: Int(first % 16) + 1, limits: limits)
    precondition(whole == pieces, "whole and split parses disagree:\n\(whole)\n\(pieces)")
    return 0
}
