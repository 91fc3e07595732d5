@testable import RedisCache
import Testing

/// The pool's one view of whether Redis is up (`RedisHealth`), step by step with a clock of the test's own.
@Suite("Redis pool health")
struct RedisHealthTests {
    let start = ContinuousClock.now

    @Test("after the first failure calls are refused, except one probe a second, whose answer brings the pool back")
    func probeOncePerSecond() {
        let health = RedisHealth()
        health.failed(era: 0, now: start)
        #expect(health.admit(now: start) == .refuse)
        let probe = health.admit(now: start.advanced(by: .seconds(1)))
        #expect(probe == .run(era: 1, probe: true))
        #expect(health.admit(now: start.advanced(by: .milliseconds(1_500))) == .refuse)
        #expect(health.answered(era: 1, probe: true))
        #expect(health.admit(now: start.advanced(by: .milliseconds(1_500))) == .run(era: 1, probe: false))
    }

    @Test("failures of calls from before the outage, arriving after it ended, start no second outage")
    func staleFailures() {
        let health = RedisHealth()
        health.failed(era: 0, now: start)
        #expect(health.answered(era: 1, probe: true))
        health.failed(era: 0, now: start.advanced(by: .seconds(2)))
        #expect(!health.isDown)
    }

    @Test("an answer that arrives after another connection found the server gone does not count")
    func answerAfterOutage() {
        let health = RedisHealth()
        health.failed(era: 0, now: start)
        #expect(!health.answered(era: 0, probe: false))
        #expect(health.isDown)
    }
}
