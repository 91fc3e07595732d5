import Dispatch

/// Runs blocking test work (a libpq connect, `CREATE DATABASE`, a query on a bare connection) on a Dispatch
/// thread instead of the calling task's thread.
///
/// Swift's cooperative pool has one thread per core: two here. Every PostgreSQL-backed test creating its
/// database synchronously on those threads stalled every other test's tasks for whole seconds at the start of a
/// run — long enough for the HTTP back-pressure tests, whose server handlers and polling run there, to give up.
public func offCooperativePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
}
