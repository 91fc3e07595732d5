import Glibc
import HTTP

/// What went wrong talking to the server under test.
public enum TestClientError: Error, CustomStringConvertible {
    case connectFailed(port: Int, errno: Int32)
    case sendFailed(errno: Int32)
    case timedOut(waitingFor: String)
    case connectionClosed(afterBytes: Int)
    case malformedResponse(String)

    public var description: String {
        switch self {
        case .connectFailed(let port, let code): "connect to 127.0.0.1:\(port) failed: errno \(code)"
        case .sendFailed(let code): "send failed: errno \(code)"
        case .timedOut(let what): "timed out waiting for \(what)"
        case .connectionClosed(let count): "connection closed after \(count) unread bytes"
        case .malformedResponse(let why): "malformed response: \(why)"
        }
    }
}

/// One response as read off the wire.
public struct TestResponse: Sendable {
    public var status: Int
    public var reason: String
    public var headers: HTTPHeaders
    public var body: [UInt8]
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// A raw HTTP/1.1 client over one loopback socket, for tests that need to control every byte: send
/// anything, read one response at a time (keep-alive and pipelining), and see when the server closed.
///
/// The socket is non-blocking and a read waits on `SocketReadiness` (one epoll thread for every client), so a
/// test never parks a thread of the cooperative pool that the server's own handlers need.
public final class TestHTTPClient {
    private let fd: Int32
    private var buffer: [UInt8] = []
    /// Where `recv` reads into, kept between reads (a load run reads a few hundred thousand times).
    private var chunk = [UInt8](repeating: 0, count: 16384)
    public let port: Int

    public init(port: Int) throws {
        self.port = port
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestClientError.connectFailed(port: port, errno: errno) }
        let fd = self.fd
        let result = LoopbackPort.withAddress(port: port) { connect(fd, $0, $1) }
        guard result == 0 else {
            // Every stored property is set, so deinit runs after this throw and closes `fd`; closing it
            // here too would close whatever descriptor reused the number meanwhile (e.g. a SQLite file).
            throw TestClientError.connectFailed(port: port, errno: errno)
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }

    deinit { close(fd) }

    /// Sends bytes exactly as given.
    public func send(_ bytes: [UInt8]) async throws {
        var sent = 0
        let deadline = ContinuousClock.now + TestHTTPClient.patience
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress.map { $0 + sent }, raw.count - sent, Int32(MSG_NOSIGNAL))
            }
            if count > 0 {
                sent += count
            } else if count < 0 && (errno == EAGAIN || errno == EINTR) {
                guard ContinuousClock.now < deadline else { throw TestClientError.timedOut(waitingFor: "send") }
                try await Task.sleep(for: .milliseconds(1))
            } else {
                throw TestClientError.sendFailed(errno: errno)
            }
        }
    }

    public func send(_ text: String) async throws { try await send(Array(text.utf8)) }

    /// Ends what this client sends (`shutdown(SHUT_WR)`, a FIN) while it can still read the answers.
    public func finishSending() {
        _ = shutdown(fd, Int32(SHUT_WR))
    }

    /// How long a test waits for an answer unless it says otherwise: generous, because the whole suite shares two
    /// cores with Chromium and the brokers, and a start-up squeeze of several seconds has been seen.
    public static let patience: Duration = .seconds(30)

    /// Reads one complete response; interim 1xx responses are skipped. `forHead` means the response to a
    /// HEAD request, whose Content-Length describes a body that is not sent.
    public func readResponse(forHead: Bool = false, timeout: Duration = TestHTTPClient.patience) async throws -> TestResponse {
        let deadline = ContinuousClock.now + timeout
        while true {
            let headEnd = try await fill(until: deadline, what: "a response head") { Self.find([13, 10, 13, 10], in: $0) }
            let head = String(decoding: buffer[..<headEnd], as: UTF8.self)
            var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
            let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2)
            guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]) else {
                throw TestClientError.malformedResponse(head)
            }
            var headers = HTTPHeaders()
            for line in lines where !line.isEmpty {
                guard let colon = line.firstIndex(of: ":") else { throw TestClientError.malformedResponse(line) }
                headers.add(String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: " "))
            }
            buffer.removeFirst(headEnd + 4)
            if (100..<200).contains(status) { continue }
            var length = 0
            if !forHead && status != 204 && status != 304 {
                guard let declared = headers["Content-Length"].flatMap({ Int($0) }) else {
                    throw TestClientError.malformedResponse("no Content-Length in \(head)")
                }
                length = declared
            }
            _ = try await fill(until: deadline, what: "\(length) body bytes") { $0.count >= length ? length : nil }
            let body = Array(buffer[..<length])
            buffer.removeFirst(length)
            return TestResponse(status: status, reason: statusLine.count > 2 ? String(statusLine[2]) : "",
                                headers: headers, body: body)
        }
    }

    /// Sends a request on this connection and reads its response. `Host` and, for a body, `Content-Length`
    /// are added unless given.
    public func request(_ method: String, _ path: String, headers: [(String, String)] = [],
                        body: [UInt8] = []) async throws -> TestResponse {
        try await send(Self.encode(method, path, headers: headers, body: body))
        return try await readResponse(forHead: method == "HEAD")
    }

    /// True when the server closes the connection (EOF or reset) before the deadline; any bytes the server
    /// still sends first are discarded.
    public func waitForClose(timeout: Duration = TestHTTPClient.patience) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            switch receive() {
            case .closed: return true
            case .data: continue
            case .wouldBlock: await SocketReadiness.shared.waitReadable(fd, until: deadline)
            }
        }
        return false
    }

    /// Bytes received but not yet returned as a response.
    public var unreadBytes: [UInt8] { buffer }

    public static func encode(_ method: String, _ path: String, headers: [(String, String)] = [],
                              body: [UInt8] = []) -> [UInt8] {
        var text = "\(method) \(path) HTTP/1.1\r\n"
        if !headers.contains(where: { $0.0.lowercased() == "host" }) { text += "Host: 127.0.0.1\r\n" }
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !body.isEmpty && !headers.contains(where: { $0.0.lowercased() == "content-length" }) {
            text += "Content-Length: \(body.count)\r\n"
        }
        return Array((text + "\r\n").utf8) + body
    }

    /// One request on a fresh connection.
    public static func request(port: Int, _ method: String, _ path: String, headers: [(String, String)] = [],
                               body: [UInt8] = []) async throws -> TestResponse {
        try await TestHTTPClient(port: port).request(method, path, headers: headers, body: body)
    }

    // MARK: Socket reading

    private enum Received { case data, wouldBlock, closed }

    private func receive() -> Received {
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            buffer.append(contentsOf: chunk[..<count])
            return .data
        }
        if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) { return .wouldBlock }
        return .closed
    }

    private func fill(until deadline: ContinuousClock.Instant, what: String,
                      _ ready: ([UInt8]) -> Int?) async throws -> Int {
        while true {
            if let found = ready(buffer) { return found }
            switch receive() {
            case .data: continue
            case .closed: throw TestClientError.connectionClosed(afterBytes: buffer.count)
            case .wouldBlock:
                guard ContinuousClock.now < deadline else { throw TestClientError.timedOut(waitingFor: what) }
                await SocketReadiness.shared.waitReadable(fd, until: deadline)
            }
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}

extension String {
    fileprivate func trimmingCharacters(in character: Character) -> String {
        var slice = Substring(self)
        while slice.first == character { slice = slice.dropFirst() }
        while slice.last == character { slice = slice.dropLast() }
        return String(slice)
    }
}
