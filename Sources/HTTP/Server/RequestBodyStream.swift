import Synchronization

/// Why a streamed request body stopped before its end. Each case has the status that answers it.
public enum RequestBodyError: Error, Sendable, Equatable {
    /// The body is over the route's streamed-body limit (`413`).
    case tooLarge
    /// The body's framing broke RFC 9112, e.g. a bad chunk size (the status the parser chose, `400` or `501`).
    case malformed(HTTPStatus)
    /// The client sent nothing for `headerTimeout` in the middle of the body (`408`).
    case timedOut
    /// The connection closed before the body was complete.
    case connectionClosed

    public var status: HTTPStatus {
        switch self {
        case .tooLarge: .contentTooLarge
        case .malformed(let status): status
        case .timedOut: .requestTimeout
        case .connectionClosed: .badRequest
        }
    }
}

/// The body of a request whose route asked for it as a stream (`ServerConfiguration.streamedBodyLimit`): the
/// handler runs as soon as the head has arrived and reads the body piece by piece with `next()` while the event
/// loop is still receiving it.
///
/// Guarantees: pieces come in order, each byte once; `next()` returns nil after the last byte, or throws a
/// `RequestBodyError` if the body cannot be completed (limit, bad framing, timeout, closed connection). At most
/// about `capacity` bytes wait unread: beyond it the event loop stops reading the socket until the handler has
/// taken half of them (read back-pressure), so a fast client cannot make the server hold a whole upload in memory.
/// One task reads a stream; the event loop alone writes it.
public final class RequestBodyStream: Sendable {
    private struct State {
        var pieces: [[UInt8]] = []
        var buffered = 0
        var peakBuffered = 0
        var end: Result<Void, RequestBodyError>?
        var waiter: CheckedContinuation<[UInt8]?, any Error>?
        var producerHeld = false
    }

    /// Pieces smaller than this are merged into the one before them, so a client sending a byte at a time
    /// does not cost an array per byte.
    private static let mergeBelow = 16 * 1024

    let capacity: Int
    private let state = Mutex(State())
    private let resumeProducer: @Sendable () -> Void

    init(capacity: Int, resumeProducer: @escaping @Sendable () -> Void) {
        self.capacity = capacity
        self.resumeProducer = resumeProducer
    }

    /// The next piece of the body, or nil once it is complete.
    public func next() async throws -> [UInt8]? {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[UInt8]?, any Error>) in
            enum Outcome { case piece([UInt8], resume: Bool), end(Result<Void, RequestBodyError>), wait }
            let outcome = state.withLock { state -> Outcome in
                if !state.pieces.isEmpty {
                    let piece = state.pieces.removeFirst()
                    state.buffered -= piece.count
                    let resume = state.producerHeld && state.buffered <= capacity / 2
                    if resume { state.producerHeld = false }
                    return .piece(piece, resume: resume)
                }
                if let end = state.end { return .end(end) }
                state.waiter = continuation
                return .wait
            }
            switch outcome {
            case .piece(let piece, let resume):
                if resume { resumeProducer() }
                continuation.resume(returning: piece)
            case .end(.success):
                continuation.resume(returning: nil)
            case .end(.failure(let error)):
                continuation.resume(throwing: error)
            case .wait:
                break
            }
        }
    }

    /// Whether every byte of the body arrived (whether or not the handler read it all): only then may the
    /// connection carry another request.
    public var receivedWhole: Bool {
        state.withLock { state in
            if case .success = state.end { return true }
            return false
        }
    }

    /// The most bytes that ever waited unread at once.
    var peakBufferedBytes: Int { state.withLock { $0.peakBuffered } }

    /// Whether the event loop has stopped reading this body until the handler takes some of it.
    var isProducerHeld: Bool { state.withLock { $0.producerHeld } }

    // MARK: The event loop's side

    /// Adds received bytes; true when more than `capacity` bytes now wait, so the loop must stop reading.
    func push(_ bytes: [UInt8]) -> Bool {
        guard !bytes.isEmpty else { return false }
        let (waiter, held) = state.withLock { state -> (CheckedContinuation<[UInt8]?, any Error>?, Bool) in
            guard state.end == nil else { return (nil, false) }
            if let waiter = state.waiter {
                state.waiter = nil
                return (waiter, false)
            }
            if let last = state.pieces.indices.last, state.pieces[last].count < Self.mergeBelow {
                state.pieces[last].append(contentsOf: bytes)
            } else {
                state.pieces.append(bytes)
            }
            state.buffered += bytes.count
            state.peakBuffered = max(state.peakBuffered, state.buffered)
            if state.buffered > capacity { state.producerHeld = true }
            return (nil, state.producerHeld)
        }
        waiter?.resume(returning: bytes)
        return held
    }

    /// Marks the body complete (`.success`) or failed; a later call changes nothing.
    func end(_ result: Result<Void, RequestBodyError>) {
        let waiter = state.withLock { state -> CheckedContinuation<[UInt8]?, any Error>? in
            guard state.end == nil else { return nil }
            state.end = result
            defer { state.waiter = nil }
            return state.waiter
        }
        switch result {
        case .success: waiter?.resume(returning: nil)
        case .failure(let error): waiter?.resume(throwing: error)
        }
    }
}
