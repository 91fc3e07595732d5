import Foundation
import Glibc
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A chromedriver process on a loopback port, started for the browser suite and stopped by its PID.
public final class ChromeDriver: Sendable {
    public let url: URL
    /// Only the PID crosses threads; `Process` itself is not Sendable.
    private let pid: Int32

    public enum StartError: Error, CustomStringConvertible {
        case notInstalled
        case didNotStart(String)
        public var description: String {
            switch self {
            case .notInstalled: "chromedriver is not installed (apt-get install chromium chromium-driver)"
            case .didNotStart(let why): "chromedriver did not start: \(why)"
            }
        }
    }

    /// Starts chromedriver on `port` and waits (up to 20 s) until it reports ready.
    public static func start(port: Int) async throws -> ChromeDriver {
        guard let path = ChromiumPaths.driver else { throw StartError.notInstalled }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--port=\(port)", "--allowed-ips=127.0.0.1", "--log-level=SEVERE"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let url = URL(string: "http://127.0.0.1:\(port)")!
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let (data, _) = try? await URLSession.shared.data(from: url.appendingPathComponent("status")),
               let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
               let value = object["value"] as? [String: Any], value["ready"] as? Bool == true {
                return ChromeDriver(url: url, pid: process.processIdentifier)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        process.terminate()
        throw StartError.didNotStart("not ready within 20 s on port \(port)")
    }

    private init(url: URL, pid: Int32) { self.url = url; self.pid = pid }

    public func stop() {
        guard kill(pid, SIGTERM) == 0 else { return }
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
    }
}
