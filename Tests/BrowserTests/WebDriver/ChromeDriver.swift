import Foundation
import Glibc
import TestSupport

/// A chromedriver process on a free loopback port, started for the browser suite and stopped by its PID.
final class ChromeDriver: Sendable {
    let port: Int
    private let process: ChildProcess

    enum StartError: Error, CustomStringConvertible {
        case notInstalled
        case didNotStart(String)
        var description: String {
            switch self {
            case .notInstalled: "chromedriver or chromium is not installed (apt-get install chromium chromium-driver fonts-nanum)"
            case .didNotStart(let why): "chromedriver did not start: \(why)"
            }
        }
    }

    /// Spawns chromedriver on a free port and waits (up to 20 s) until its `/status` says ready.
    /// Its output goes to `logPath` so a failure can be diagnosed after the run.
    static func start(logPath: String) async throws -> ChromeDriver {
        guard let path = ChromiumPaths.driver, ChromiumPaths.browser != nil else { throw StartError.notInstalled }
        guard let port = LoopbackPort.ephemeral() else { throw StartError.didNotStart("no free loopback port: errno \(errno)") }
        let process = try ChildProcess(path, ["--port=\(port)", "--allowed-ips=127.0.0.1", "--log-level=WARNING"], outputPath: logPath)
        let driver = ChromeDriver(port: port, process: process)
        let deadline = ContinuousClock.now.advanced(by: .seconds(20))
        var lastAnswer = "no answer"
        while ContinuousClock.now < deadline {
            do {
                let value = try await WebDriverTransport.send(port: port, "GET", "/status", timeout: .seconds(2))
                if let ready = (value as? [String: Any])?["ready"], (ready as? Bool == true || (ready as? NSNumber)?.boolValue == true) {
                    return driver
                }
                lastAnswer = "\(value)"
            } catch {
                lastAnswer = "\(error)"
            }
            if let status = process.terminationStatus { throw StartError.didNotStart("exited (status \(status)); see \(logPath)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        await process.stop(grace: .seconds(2))
        throw StartError.didNotStart("not ready within 20 s on port \(port) (last: \(lastAnswer)); see \(logPath)")
    }

    private init(port: Int, process: ChildProcess) { self.port = port; self.process = process }

    /// Ends any session a journey left open (one cut short by its time limit cannot quit its own, and
    /// Chromium outlives its driver), then stops chromedriver.
    func stop() async {
        if let sessions = try? await WebDriverTransport.send(port: port, "GET", "/sessions", timeout: .seconds(5)) as? [[String: Any]] {
            for id in sessions.compactMap({ $0["id"] as? String }) {
                _ = try? await WebDriverTransport.send(port: port, "DELETE", "/session/\(id)", timeout: .seconds(10))
            }
        }
        await process.stop(grace: .seconds(2))
    }
}

/// Where Debian puts Chromium and its driver.
enum ChromiumPaths {
    static var browser: String? { firstExisting(["/usr/bin/chromium", "/usr/bin/chromium-browser"]) }
    static var driver: String? { firstExisting(["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]) }
    static var installed: Bool { browser != nil && driver != nil }
    private static func firstExisting(_ paths: [String]) -> String? { paths.first { FileManager.default.isExecutableFile(atPath: $0) } }
}
