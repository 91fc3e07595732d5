import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A minimal W3C WebDriver client (JSON over HTTP) for driving headless Chromium through chromedriver.
/// It covers what the shopper journeys need: navigate, find, click, type, read, screenshot, run script.
public struct WebDriverError: Error, CustomStringConvertible, Sendable {
    public let command: String
    public let error: String
    public let message: String
    public var description: String { "WebDriver \(command): \(error): \(message)" }
}

/// One browser session. Each call is a blocking-free async HTTP round trip to chromedriver.
public final class WebDriverSession: Sendable {
    public let baseURL: URL
    public let id: String

    /// Opens a new headless Chromium session with the given window size.
    public static func start(driver: URL, width: Int = 1280, height: Int = 900) async throws -> WebDriverSession {
        let chromeArgs = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                          "--window-size=\(width),\(height)", "--lang=ko-KR", "--no-first-run"]
        let body: [String: Any] = ["capabilities": ["alwaysMatch": [
            "browserName": "chrome",
            "goog:chromeOptions": ["args": chromeArgs, "binary": ChromiumPaths.browser ?? "/usr/bin/chromium"],
            "goog:loggingPrefs": ["browser": "ALL"],
        ]]]
        let value = try await send(driver.appendingPathComponent("session"), method: "POST", json: body, command: "new session")
        guard let object = value as? [String: Any], let id = object["sessionId"] as? String else {
            throw WebDriverError(command: "new session", error: "bad response", message: "\(value)")
        }
        return WebDriverSession(baseURL: driver, id: id)
    }

    private init(baseURL: URL, id: String) { self.baseURL = baseURL; self.id = id }

    private var sessionURL: URL { baseURL.appendingPathComponent("session").appendingPathComponent(id) }

    @discardableResult
    private func call(_ path: String, _ method: String = "POST", _ json: [String: Any]? = nil) async throws -> Any {
        let url = path.isEmpty ? sessionURL : sessionURL.appendingPathComponent(path)
        return try await Self.send(url, method: method, json: method == "POST" ? (json ?? [:]) : nil, command: "\(method) \(path)")
    }

    public func navigate(_ url: String) async throws { try await call("url", "POST", ["url": url]) }
    public func currentURL() async throws -> String { try await call("url", "GET") as? String ?? "" }
    public func title() async throws -> String { try await call("title", "GET") as? String ?? "" }
    public func pageSource() async throws -> String { try await call("source", "GET") as? String ?? "" }

    public func setWindowSize(width: Int, height: Int) async throws {
        try await call("window/rect", "POST", ["width": width, "height": height])
    }

    /// Finds the first element matching a CSS selector; throws `no such element` when there is none.
    public func find(_ css: String) async throws -> WebElement {
        let value = try await call("element", "POST", ["using": "css selector", "value": css])
        return try WebElement(session: self, value: value)
    }

    public func findAll(_ css: String) async throws -> [WebElement] {
        let value = try await call("elements", "POST", ["using": "css selector", "value": css])
        return try (value as? [Any] ?? []).map { try WebElement(session: self, value: $0) }
    }

    /// Runs a script in the page and returns its JSON-able result.
    @discardableResult
    public func execute(_ script: String, _ arguments: [Any] = []) async throws -> Any {
        try await call("execute/sync", "POST", ["script": script, "args": arguments])
    }

    /// A PNG of the viewport.
    public func screenshot() async throws -> Data {
        let value = try await call("screenshot", "GET")
        guard let text = value as? String, let data = Data(base64Encoded: text) else {
            throw WebDriverError(command: "screenshot", error: "bad response", message: "not base64")
        }
        return data
    }

    /// Browser console entries since the last call (chromedriver's log endpoint).
    public func consoleErrors() async throws -> [String] {
        let value = try await call("se/log", "POST", ["type": "browser"])
        return (value as? [[String: Any]] ?? []).compactMap { entry in
            (entry["level"] as? String) == "SEVERE" ? entry["message"] as? String : nil
        }
    }

    public func quit() async { _ = try? await call("", "DELETE") }

    fileprivate func elementCall(_ element: String, _ path: String, _ method: String = "POST", _ json: [String: Any]? = nil) async throws -> Any {
        try await call("element/\(element)/\(path)", method, json)
    }

    static func send(_ url: URL, method: String, json: [String: Any]?, command: String) async throws -> Any {
        var request = URLRequest(url: url, timeoutInterval: 60)
        request.httpMethod = method
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, _) = try await URLSession.shared.data(for: request)
        let object = (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) as? [String: Any]
        let value = object?["value"] ?? NSNull()
        if let error = value as? [String: Any], let code = error["error"] as? String {
            throw WebDriverError(command: command, error: code, message: error["message"] as? String ?? "")
        }
        return value
    }
}

/// An element found in the page, addressed by its WebDriver reference.
public struct WebElement: Sendable {
    static let key = "element-6066-11e4-a52e-4f735466cecc"
    let session: WebDriverSession
    public let reference: String

    init(session: WebDriverSession, value: Any) throws {
        guard let object = value as? [String: Any], let reference = object[Self.key] as? String else {
            throw WebDriverError(command: "find", error: "bad response", message: "\(value)")
        }
        self.session = session
        self.reference = reference
    }

    public func click() async throws { _ = try await session.elementCall(reference, "click", "POST", [:]) }
    public func clear() async throws { _ = try await session.elementCall(reference, "clear", "POST", [:]) }
    public func type(_ text: String) async throws { _ = try await session.elementCall(reference, "value", "POST", ["text": text]) }
    public func text() async throws -> String { try await session.elementCall(reference, "text", "GET") as? String ?? "" }
    public func attribute(_ name: String) async throws -> String? {
        try await session.elementCall(reference, "attribute/\(name)", "GET") as? String
    }
    public func property(_ name: String) async throws -> Any { try await session.elementCall(reference, "property/\(name)", "GET") }
}

/// Where Debian puts Chromium and its driver.
public enum ChromiumPaths {
    public static var browser: String? { firstExisting(["/usr/bin/chromium", "/usr/bin/chromium-browser"]) }
    public static var driver: String? { firstExisting(["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]) }
    static func firstExisting(_ paths: [String]) -> String? { paths.first { FileManager.default.isExecutableFile(atPath: $0) } }
}
