import CEpoll
import Foundation
import Glibc
import Synchronization

/// Wakes a test client's task when its socket has something to read, so clients wait without polling with short
/// sleeps (a load run's shoppers had spent an eighth of their CPU on those timers).
///
/// One epoll thread for every client. Guarantee: `waitReadable` returns once the socket is readable or has closed,
/// or once its deadline has passed (checked every 20 ms), whichever comes first; it may also return early, so the
/// caller reads again and waits again as before. Never waits on the cooperative pool's threads.
final class SocketReadiness: Sendable {
    static let shared = SocketReadiness()

    private struct Waiter {
        let continuation: CheckedContinuation<Void, Never>
        let deadline: ContinuousClock.Instant
    }

    private let epollFD: Int32
    private let waiters = Mutex<[Int32: Waiter]>([:])

    private init() {
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        let thread = Thread { [self] in run() }
        thread.name = "test-socket-readiness"
        thread.start()
    }

    func waitReadable(_ fd: Int32, until deadline: ContinuousClock.Instant) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            waiters.withLock { $0[fd] = Waiter(continuation: continuation, deadline: deadline) }
            var event = epoll_event()
            // Level-triggered and one-shot: a socket already readable when armed is reported at once.
            event.events = EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLONESHOT.rawValue
            event.data.fd = fd
            if epoll_ctl(epollFD, EPOLL_CTL_MOD, fd, &event) != 0 && epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event) != 0 {
                waiters.withLock { $0.removeValue(forKey: fd) }?.continuation.resume()
            }
        }
    }

    private func run() {
        var events = [epoll_event](repeating: epoll_event(), count: 64)
        while true {
            let count = events.withUnsafeMutableBufferPointer { epoll_wait(epollFD, $0.baseAddress, Int32($0.count), 20) }
            let now = ContinuousClock.now
            let ready = waiters.withLock { waiters -> [CheckedContinuation<Void, Never>] in
                var ready: [CheckedContinuation<Void, Never>] = []
                for index in 0..<max(0, Int(count)) {
                    if let waiter = waiters.removeValue(forKey: events[index].data.fd) { ready.append(waiter.continuation) }
                }
                for (fd, waiter) in waiters where waiter.deadline <= now {
                    waiters[fd] = nil
                    ready.append(waiter.continuation)
                }
                return ready
            }
            for continuation in ready { continuation.resume() }
        }
    }
}
