import Foundation
import Glibc

/// Ports on 127.0.0.1 for what tests start and connect to: the servers they run themselves (redis-server,
/// rabbitmq-server, chromedriver) and the clients that talk to them.
public enum LoopbackPort {
    /// A port in `range` that nothing listens on now, nor on `port + offset` for each of `offsets`; nil after fifty
    /// tries. Ranges below the kernel's ephemeral ones (32768+) keep outgoing connections of parallel tests off it
    /// while the server restarts.
    public static func unused(in range: ClosedRange<Int>, alsoFree offsets: [Int] = []) -> Int? {
        (0..<50).lazy.map { _ in Int.random(in: range) }
            .first { base in ([0] + offsets).allSatisfy { free(base + $0) } }
    }

    /// A port nothing listens on now, chosen by the kernel (bound to port 0, read back, closed); nil if that fails.
    public static func ephemeral() -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard withAddress(port: 0, { bind(fd, $0, $1) }) == 0 else { return nil }
        var bound = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return named == 0 ? Int(UInt16(bigEndian: bound.sin_port)) : nil
    }

    /// Whether nothing listens on loopback `port` now (a bind succeeds).
    public static func free(_ port: Int) -> Bool { onNewSocket(port) { bind($0, $1, $2) } }

    /// Whether a server accepts connections on loopback `port` now.
    public static func listening(_ port: Int) -> Bool { onNewSocket(port) { connect($0, $1, $2) } }

    /// Calls `body` with 127.0.0.1:`port` as a `sockaddr` and its length (for bind or connect).
    public static func withAddress<Result>(port: Int, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }

    /// Whether `call` succeeds on a new TCP socket with 127.0.0.1:`port`; the socket is closed after.
    private static func onNewSocket(_ port: Int, _ call: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Int32) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return withAddress(port: port) { call(fd, $0, $1) } == 0
    }
}
