/// Turns a `Response` into the exact bytes sent: status line, the handler's fields, then the fields the
/// server owns (`Content-Length`, `Date`, `Server`, `Connection`), then the body. The head is built here; the
/// body goes out as the handler made it, beside the head in one `sendmsg`, so a page is never copied to be sent.
enum ResponseSerializer {
    /// A response's bytes on the wire: `head`, then `body` (empty for HEAD, 1xx, 204 and 304).
    struct Wire: Sendable {
        let head: [UInt8]
        let body: [UInt8]
    }

    /// Fields the server writes itself; a handler's copies are dropped so they cannot contradict the framing.
    private static func isServerOwned(_ name: String) -> Bool {
        name.equalsIgnoringASCIICase("content-length") || name.equalsIgnoringASCIICase("transfer-encoding")
            || name.equalsIgnoringASCIICase("connection") || name.equalsIgnoringASCIICase("date")
            || name.equalsIgnoringASCIICase("server")
    }

    /// A field with CR, LF or NUL would let a value smuggle a header or a second response; such fields are dropped.
    private static func isSafe(_ text: String) -> Bool {
        // Native strings are contiguous UTF-8: scanning the buffer is several times cheaper than the UTF8View
        // (a 400-byte CSP on every response made this loop a few percent of a small request's cost).
        func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            for byte in bytes where byte == 0x0D || byte == 0x0A || byte == 0 { return false }
            return true
        }
        if let safe = text.utf8.withContiguousStorageIfAvailable(scan) { return safe }
        return Array(text.utf8).withUnsafeBufferPointer(scan)
    }

    static func serialize(_ response: Response, headOnly: Bool, keepAlive: Bool, dateLine: [UInt8]) -> Wire {
        let code = response.status.code
        // RFC 9110 §6.4.1: 1xx, 204 and 304 never carry content.
        let bodyless = code < 200 || code == 204 || code == 304
        let sendBody = !headOnly && !bodyless
        var out: [UInt8] = []
        out.reserveCapacity(160 + response.headers.count * 40)

        out.append(contentsOf: "HTTP/1.1 ".utf8)
        appendDecimal(code, to: &out)
        out.append(0x20)
        out.append(contentsOf: (isSafe(response.status.reason) ? response.status.reason : "").utf8)
        out.append(contentsOf: "\r\n".utf8)
        for field in response.headers where !isServerOwned(field.name) {
            guard isSafe(field.name), isSafe(field.value), !field.name.isEmpty else { continue }
            out.append(contentsOf: field.name.utf8)
            out.append(contentsOf: ": ".utf8)
            out.append(contentsOf: field.value.utf8)
            out.append(contentsOf: "\r\n".utf8)
        }
        if !bodyless {
            out.append(contentsOf: "Content-Length: ".utf8)
            appendDecimal(response.body.count, to: &out)
            out.append(contentsOf: "\r\n".utf8)
        }
        out.append(contentsOf: dateLine)
        out.append(contentsOf: keepAlive
            ? "Server: storefront\r\nConnection: keep-alive\r\n\r\n".utf8
            : "Server: storefront\r\nConnection: close\r\n\r\n".utf8)
        return Wire(head: out, body: sendBody ? response.body : [])
    }

    private static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 10 {
            out.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var remaining = max(0, value)
        withUnsafeMutableBytes(of: &digits) { buffer in
            while remaining > 0 {
                buffer[count] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[index]) }
        }
    }
}
