import Foundation
import Testing

/// Starts one chromedriver for the whole browser suite and stops it (by PID) when the suite ends.
/// Journeys read it from `BrowserEnvironment.driver`.
struct ChromeDriverTrait: SuiteTrait, TestScoping {
    func provideScope(for test: Test, testCase: Test.Case?,
                      performing function: @Sendable () async throws -> Void) async throws {
        try FileManager.default.createDirectory(at: BrowserEnvironment.artifacts, withIntermediateDirectories: true)
        let driver = try await ChromeDriver.start(logPath: BrowserEnvironment.artifacts.appendingPathComponent("chromedriver.log").path)
        do {
            try await BrowserEnvironment.$driver.withValue(driver) { try await function() }
        } catch {
            await driver.stop()
            throw error
        }
        await driver.stop()
    }
}

extension Trait where Self == ChromeDriverTrait {
    /// One chromedriver shared by every test in the suite.
    static var chromeDriver: Self { Self() }
}

/// What the browser suite shares: the running chromedriver and where screenshots go.
enum BrowserEnvironment {
    @TaskLocal static var driver: ChromeDriver?

    /// `.build/browser-screenshots` under the package root (gitignored with the rest of .build).
    static let artifacts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/browser-screenshots")

    /// Browser tests run when Chromium and its driver are installed, and always in CI, where a missing
    /// browser must fail the run rather than skip it.
    static var shouldRun: Bool { ChromiumPaths.installed || ProcessInfo.processInfo.environment["CI"] == "true" }

    static let skipReason: Comment = "Chromium or chromedriver is missing: apt-get install chromium chromium-driver fonts-nanum (CI=true makes this a failure)"
}
