import Foundation

/// How the HTTP server listens and what it tolerates from clients. Every limit has the status the client
/// sees when it is crossed: request line → 414, header bytes or count → 431, body → 413. Timeouts close
/// the connection so idle or trickling sockets cannot hold the server.
public struct ServerConfiguration: Sendable {
    /// The address to bind, IPv4 or IPv6 literal or a host name (`127.0.0.1`, `0.0.0.0`, `::1`).
    public var host: String
    /// The TCP port; 0 asks the kernel for a free one (`HTTPServer.start()` returns it).
    public var port: Int
    /// Event-loop threads; each owns its connections from accept to close.
    public var eventLoops: Int
    public var maxBodyBytes: Int
    public var maxRequestLineBytes: Int
    public var maxHeaderBytes: Int
    public var maxHeaderCount: Int
    /// How long a client may take to send a request head, and then again its body, once it started.
    public var headerTimeout: Duration
    /// How long a keep-alive connection may sit without a request before it is closed.
    public var idleTimeout: Duration
    /// How long a connection's unsent answers may sit without the client taking a byte before it is closed
    /// (with a reset, so the kernel drops what was queued for it too).
    public var writeTimeout: Duration
    /// How long `shutdown()` waits for in-flight requests before closing what is left.
    public var shutdownTimeout: Duration
    /// Open client connections at most; beyond it the server stops accepting (new clients wait in the listen
    /// backlog) until one closes. Defaults to `defaultMaxConnections()`, which keeps descriptors in reserve.
    public var maxConnections: Int
    /// Unsent answer bytes per connection above which its further pipelined requests wait, unread, until the
    /// client takes some (write back-pressure): a client that never reads costs about this much, not an answer
    /// per request it sent. One answer larger than the bound is still sent whole.
    public var maxPendingOutputBytes: Int
    /// Builds the answer to an error the server detects itself, before any handler runs: a malformed request
    /// (400), a limit crossed (413, 414, 431), a transfer coding it cannot read (501), an unsupported version
    /// (505), or a request that did not arrive in time (408). There is no `Request` for these.
    ///
    /// The server keeps the framing: the status is always the one passed in, `Content-Length`, `Date`,
    /// `Server` and `Connection: close` are its own, and the connection closes after the write; the closure
    /// supplies the body and content fields (`Content-Type`, security headers). It runs on an event-loop
    /// thread, so it must be quick and must not block: render an in-memory template, no I/O, no waiting.
    /// Defaults to `plainTextProtocolError`.
    public var protocolErrorResponder: @Sendable (HTTPStatus) -> Response
    /// The proxies whose `X-Forwarded-For` names the client; by default none, so every request keeps its peer's
    /// address.
    public var forwardedFor = ForwardedFor.none
    /// Which requests have their body streamed to the handler instead of read whole first, and each one's
    /// body limit: asked once per request head (after its fields are parsed, before any body byte is read),
    /// it returns that limit, or nil to read the body whole under `maxBodyBytes`. A streamed request's handler
    /// runs at once and reads `Request.bodyStream`; a larger body is refused with `413` (at once when
    /// Content-Length says so). It runs on an event-loop thread: match the method and path, nothing slower.
    /// `Router.streamedBodyLimit` answers it from the routes registered with `streamingBodyUpTo:`.
    public var streamedBodyLimit: (@Sendable (Request) -> Int?)?

    public init(host: String = "127.0.0.1", port: Int = 8080,
                eventLoops: Int = ProcessInfo.processInfo.activeProcessorCount,
                maxBodyBytes: Int = 1 << 20, maxRequestLineBytes: Int = 8192, maxHeaderBytes: Int = 16384,
                maxHeaderCount: Int = 100, headerTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(60),
                writeTimeout: Duration = .seconds(60), shutdownTimeout: Duration = .seconds(30),
                maxConnections: Int = ServerConfiguration.defaultMaxConnections(), maxPendingOutputBytes: Int = 1 << 20,
                protocolErrorResponder: @escaping @Sendable (HTTPStatus) -> Response = ServerConfiguration.plainTextProtocolError) {
        self.host = host
        self.port = port
        self.eventLoops = eventLoops
        self.maxBodyBytes = maxBodyBytes
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.writeTimeout = writeTimeout
        self.shutdownTimeout = shutdownTimeout
        self.maxConnections = max(1, maxConnections)
        self.maxPendingOutputBytes = max(0, maxPendingOutputBytes)
        self.protocolErrorResponder = protocolErrorResponder
    }

    /// The process's descriptor limit less a reserve (an eighth, at least 64) for everything that is not a
    /// client: database files, calls to Toss and the cache, logs. A process that runs out altogether is in
    /// trouble beyond refused connections: on Linux, libdispatch's thread-pool monitor crashes the process
    /// when it cannot open `/proc/<tid>/stat`.
    public static func defaultMaxConnections() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else { return 1 << 20 }
        let soft = Int(clamping: limit.rlim_cur)
        return max(16, soft - max(64, soft / 8))
    }

    /// The default `protocolErrorResponder`: the status's reason phrase as plain text (`400 Bad Request` →
    /// `Bad Request`), which is all a client that broke the protocol needs.
    @Sendable public static func plainTextProtocolError(_ status: HTTPStatus) -> Response {
        .text(status.reason, status: status)
    }

    var parserLimits: ParserLimits {
        ParserLimits(maxRequestLineBytes: maxRequestLineBytes, maxHeaderBytes: maxHeaderBytes,
                     maxHeaderCount: maxHeaderCount, maxBodyBytes: maxBodyBytes, streamedBodyLimit: streamedBodyLimit)
    }
}

extension Duration {
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        return UInt64(max(0, seconds)) &* 1_000_000_000 &+ UInt64(max(0, attoseconds) / 1_000_000_000)
    }
}

/// Why the server could not start. Each case names the address so the startup line is self-explanatory.
public enum ServerError: Error, Sendable, CustomStringConvertible {
    /// Another socket already listens on this address.
    case addressInUse(host: String, port: Int)
    /// The host did not resolve to an address we can bind.
    case invalidAddress(host: String, port: Int)
    /// A socket call failed; `operation` is the call, `errno` its error.
    case socketFailed(operation: String, errno: Int32)
    /// `start()` was called twice.
    case alreadyStarted

    public var description: String {
        switch self {
        case .addressInUse(let host, let port): "address \(host):\(port) is already in use"
        case .invalidAddress(let host, let port): "cannot listen on \(host):\(port): not a usable address"
        case .socketFailed(let operation, let code): "\(operation) failed: \(String(cString: strerror(code)))"
        case .alreadyStarted: "the server was already started"
        }
    }
}
