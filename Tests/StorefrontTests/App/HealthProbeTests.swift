import Database
import Synchronization
import Testing
@testable import Storefront

/// A database whose reads hang until released, counting how many were asked.
private final class HangingDatabase: DatabaseWriter {
    let reads = Atomic<Int>(0)
    let released = Atomic<Bool>(false)
    var engine: DatabaseEngine { .sqlite }
    func read<T: Sendable>(_ body: @escaping @Sendable (any DatabaseConnection) throws -> T) async throws -> T {
        reads.add(1, ordering: .relaxed)
        while !released.load(ordering: .relaxed) { try await Task.sleep(for: .milliseconds(10)) }
        throw DatabaseError(kind: .connectionLost, message: "gone")
    }
    func write<T: Sendable>(_ body: @escaping @Sendable (any DatabaseConnection) throws -> T) async throws -> T {
        throw DatabaseError(kind: .connectionLost, message: "gone")
    }
    func writeWithoutTransaction<T: Sendable>(_ body: @escaping @Sendable (any DatabaseConnection) throws -> T) async throws -> T {
        throw DatabaseError(kind: .connectionLost, message: "gone")
    }
    func observe(_ observer: any PoolObserver) {}
    func close() async {}
}

@Suite("The health check")
struct HealthProbeTests {
    @Test("a database that stops answering is reported unhealthy once the last answer is older than the interval")
    func reportsAnOutageWithinTheInterval() async throws {
        let opened = try await TestDatabases.open(.sqlite)
        let probe = HealthProbe(database: opened.database, interval: .seconds(2))
        #expect(await probe.isHealthy())
        await opened.remove()  // closes the pool: every later query fails
        #expect(await probe.isHealthy(), "the answer of a moment ago stands within the interval")
        try await Task.sleep(for: .milliseconds(2_100))
        #expect(await probe.isHealthy() == false)
    }

    @Test("while a probe hangs, a flood of checks queues no probes of its own and answers unhealthy")
    func oneProbeAtATime() async throws {
        let database = HangingDatabase()
        let probe = HealthProbe(database: database)
        async let first = probe.isHealthy()
        try await Task.sleep(for: .milliseconds(50))
        let others = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<100 { group.addTask { await probe.isHealthy() } }
            var answers: [Bool] = []
            for await answer in group { answers.append(answer) }
            return answers
        }
        #expect(others.allSatisfy { $0 == false })
        #expect(database.reads.load(ordering: .relaxed) == 1)
        database.released.store(true, ordering: .relaxed)
        #expect(await first == false)
    }
}
