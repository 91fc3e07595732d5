import Database
import Testing
@testable import Storefront

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
}
