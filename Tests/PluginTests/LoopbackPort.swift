import Foundation

/// Loopback ports for the servers a test starts itself (redis-server, rabbitmq-server).
enum LoopbackPort {
    /// A port in `range` that nothing listens on now, or nil after fifty tries. Ranges below the kernel's
    /// ephemeral ones (32768+) keep outgoing connections of parallel tests off it while the server restarts.
    static func unused(in range: ClosedRange<Int>, alsoFree offsets: [Int] = []) -> Int? {
        (0..<50).lazy.map { _ in Int.random(in: range) }
            .first { base in ([0] + offsets).allSatisfy { free(base + $0) } }
    }

    /// Whether nothing listens on loopback `port` now (a bind succeeds).
    static func free(_ port: Int) -> Bool { onLoopback(port) { bind($0, $1, $2) } }

    /// Whether a server accepts connections on loopback `port` now.
    static func listening(_ port: Int) -> Bool { onLoopback(port) { connect($0, $1, $2) } }

    /// Whether `call` succeeds on a new TCP socket with 127.0.0.1:`port`; the socket is closed after.
    private static func onLoopback(_ port: Int, _ call: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Int32) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { call(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
