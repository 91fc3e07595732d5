import CEpoll
import Glibc

/// Binding the listening socket and naming peers; the only place that deals in `sockaddr`.
enum SocketAddress {
    /// A non-blocking listening socket on `host:port`; returns the descriptor and the bound port.
    static func listen(host: String, port: Int, backlog: Int32 = 1024) throws(ServerError) -> (fd: Int32, port: Int) {
        guard (0...65535).contains(port) else { throw .invalidAddress(host: host, port: port) }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw .invalidAddress(host: host, port: port)
        }
        defer { freeaddrinfo(list) }

        let fd = socket(first.pointee.ai_family, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .socketFailed(operation: "socket", errno: errno) }
        var one: Int32 = 1
        // SO_REUSEADDR only skips TIME_WAIT; unlike SO_REUSEPORT it still refuses a second live listener.
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            let code = errno
            close(fd)
            if code == EADDRINUSE { throw .addressInUse(host: host, port: port) }
            if code == EADDRNOTAVAIL { throw .invalidAddress(host: host, port: port) }
            throw .socketFailed(operation: "bind", errno: code)
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let code = errno
            close(fd)
            throw .socketFailed(operation: "listen", errno: code)
        }
        var bound = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &bound) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            let code = errno
            close(fd)
            throw .socketFailed(operation: "getsockname", errno: code)
        }
        return (fd, boundPort(bound))
    }

    static func boundPort(_ address: sockaddr_storage) -> Int {
        var copy = address
        return withUnsafePointer(to: &copy) { pointer in
            switch Int32(address.ss_family) {
            case AF_INET:
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            case AF_INET6:
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            default:
                0
            }
        }
    }

    /// The numeric address of a peer (`127.0.0.1`, `::1`), or `unknown`.
    static func describe(_ address: sockaddr_storage) -> String {
        var copy = address
        let family = Int32(address.ss_family)
        let described: String? = withUnsafePointer(to: &copy) { pointer in
            switch family {
            case AF_INET:
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                    withUnsafePointer(to: sin.pointee.sin_addr) { Self.text(family: AF_INET, address: $0) }
                }
            case AF_INET6:
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin6 in
                    withUnsafePointer(to: sin6.pointee.sin6_addr) { Self.text(family: AF_INET6, address: $0) }
                }
            default:
                nil
            }
        }
        return described ?? "unknown"
    }

    /// inet_ntop's spelling of the `in_addr` or `in6_addr` at `address`; nil if it refuses.
    static func text(family: Int32, address: UnsafeRawPointer) -> String? {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(family, address, &text, socklen_t(text.count)) != nil else { return nil }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
