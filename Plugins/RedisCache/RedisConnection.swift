import CHiredis
import Foundation
import PluginKit

/// A Redis reply reduced to what the cache uses.
enum RedisReply: Sendable, Equatable {
    case string([UInt8])
    case integer(Int)
    case array([RedisReply])
    case status(String)
    case null
}

/// One hiredis connection. hiredis is blocking, so each connection lives on its own serial queue and is
/// only touched there (never on an HTTP event loop or the cooperative pool). Whether the server is up is the
/// pool's `RedisHealth`, not the connection's: after an outage it reconnects when the pool is back (or when
/// it carries the pool's once-a-second probe).
final class RedisConnection: @unchecked Sendable {
    // @unchecked: `context` and `contextEra` are only touched on `queue`.
    private let queue: DispatchQueue
    private var context: UnsafeMutablePointer<redisContext>?
    /// The health era `context` was opened in.
    private var contextEra = 0
    let health: RedisHealth
    let host: String
    let port: Int
    let timeout: timeval

    init(host: String, port: Int, timeoutMilliseconds: Int, label: String, health: RedisHealth) {
        self.host = host
        self.port = port
        self.health = health
        timeout = timeval(tv_sec: timeoutMilliseconds / 1000, tv_usec: Int((timeoutMilliseconds % 1000) * 1000))
        queue = DispatchQueue(label: label)
    }

    deinit { if let context { redisFree(context) } }

    /// Runs one command (binary-safe arguments) and returns its reply.
    func run(_ arguments: [[UInt8]]) async throws(CacheError) -> RedisReply {
        let result: Result<RedisReply, CacheError> = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: self.execute(arguments)) }
        }
        return try result.get()
    }

    /// Closes the connection (on its queue).
    func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                if let context = self.context { redisFree(context) }
                self.context = nil
                continuation.resume()
            }
        }
    }

    private func connectIfNeeded(era: Int) -> CacheError? {
        if context != nil, contextEra == era { return nil }
        // A socket from before the last outage may have died with the server: start afresh.
        if let stale = context { redisFree(stale) }
        context = nil
        guard let fresh = redisConnectWithTimeout(host, Int32(port), timeout) else { return .init(.unavailable, "out of memory") }
        if fresh.pointee.err != 0 {
            let message = Self.errorText(fresh)
            redisFree(fresh)
            return .init(.unavailable, "cannot connect to redis \(host):\(port): \(message)")
        }
        redisSetTimeout(fresh, timeout)
        context = fresh
        contextEra = era
        return nil
    }

    private func execute(_ arguments: [[UInt8]]) -> Result<RedisReply, CacheError> {
        guard case .run(let era, let probe) = health.admit(now: .now) else {
            return .failure(.init(.unavailable, "redis \(host):\(port) is down (retrying each second)"))
        }
        if let error = connectIfNeeded(era: era) {
            health.failed(era: era, now: .now, error: error.message)
            return .failure(error)
        }
        guard let context else { return .failure(.init(.unavailable, "no connection")) }
        let lengths = arguments.map(\.count)
        let raw: UnsafeMutableRawPointer? = Self.withCStrings(arguments) { pointers in
            lengths.withUnsafeBufferPointer { lengthBuffer in
                redisCommandArgv(context, Int32(arguments.count), pointers, lengthBuffer.baseAddress)
            }
        } ?? nil
        guard let raw else {
            let timedOut = context.pointee.err == REDIS_ERR_IO && (errno == EAGAIN || errno == EWOULDBLOCK)
            let message = Self.errorText(context)
            redisFree(context)
            self.context = nil
            health.failed(era: era, now: .now, error: message)
            return .failure(.init(timedOut ? .timeout : .unavailable, "redis \(host):\(port): \(message)"))
        }
        defer { freeReplyObject(raw) }
        guard health.answered(era: era, probe: probe) else {
            return .failure(.init(.unavailable, "redis \(host):\(port) went down while this call ran"))
        }
        return Self.convert(raw.assumingMemoryBound(to: redisReply.self))
    }

    private static func convert(_ reply: UnsafeMutablePointer<redisReply>) -> Result<RedisReply, CacheError> {
        let value = reply.pointee
        switch value.type {
        case REDIS_REPLY_STRING:
            return .success(.string(value.str.map { Array(UnsafeRawBufferPointer(start: $0, count: Int(value.len))) } ?? []))
        case REDIS_REPLY_STATUS:
            return .success(.status(value.str.map { String(cString: $0) } ?? ""))
        case REDIS_REPLY_INTEGER:
            return .success(.integer(Int(value.integer)))
        case REDIS_REPLY_NIL:
            return .success(.null)
        case REDIS_REPLY_ARRAY:
            var items: [RedisReply] = []
            for index in 0..<Int(value.elements) {
                guard let element = value.element[index] else { continue }
                switch convert(element) {
                case .success(let item): items.append(item)
                case .failure(let error): return .failure(error)
                }
            }
            return .success(.array(items))
        default:
            return .failure(.init(.protocolError, value.str.map { String(cString: $0) } ?? "redis error"))
        }
    }

    private static func errorText(_ context: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: context.pointee.errstr) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    private static func withCStrings<T>(_ arguments: [[UInt8]], _ body: (UnsafeMutablePointer<UnsafePointer<CChar>?>) -> T) -> T? {
        let buffers = arguments.map { argument -> UnsafeMutablePointer<CChar> in
            let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: max(argument.count, 1))
            argument.withUnsafeBytes { raw in
                if let base = raw.baseAddress { buffer.withMemoryRebound(to: UInt8.self, capacity: argument.count) { $0.update(from: base.assumingMemoryBound(to: UInt8.self), count: argument.count) } }
            }
            return buffer
        }
        defer { buffers.forEach { $0.deallocate() } }
        var pointers = buffers.map { UnsafePointer<CChar>?($0) }
        return pointers.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map(body) }
    }
}
