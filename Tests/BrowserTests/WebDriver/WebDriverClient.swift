import Foundation
import Glibc

/// One headless Chromium session driven over W3C WebDriver (JSON over HTTP) through chromedriver.
/// Covers what the shopper journeys need: navigate, find, click, type, read, window size, screenshots,
/// scripts, and the browser console log.
final class WebDriverSession: Sendable {
    let port: Int
    let id: String

    /// Opens a headless session with the given window size; its console log is kept at level ALL so that
    /// `consoleErrors()` sees every SEVERE entry.
    static func start(driverPort port: Int, width: Int = 1280, height: Int = 900) async throws -> WebDriverSession {
        var chromeArgs = ["--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=\(width),\(height)",
                          "--lang=ko-KR", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                          "--hide-scrollbars", "--force-device-scale-factor=1"]
        // Chromium refuses to run its sandbox as root (CI containers are root).
        if getuid() == 0 { chromeArgs.append("--no-sandbox") }
        var chromeOptions: [String: Any] = ["args": chromeArgs, "binary": ChromiumPaths.browser ?? "/usr/bin/chromium"]
        // A headless window is never narrower than 500 px; phone widths need device emulation.
        if width < 500 {
            chromeOptions["mobileEmulation"] = ["deviceMetrics": ["width": width, "height": height, "pixelRatio": 1,
                                                                  "mobile": true, "touch": true]]
        }
        let body = try WebDriverTransport.encode(["capabilities": ["alwaysMatch": [
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "timeouts": ["pageLoad": 30_000, "script": 10_000, "implicit": 0],
            "goog:chromeOptions": chromeOptions,
            "goog:loggingPrefs": ["browser": "ALL"],
        ] as [String: Any]]])
        let value = try await WebDriverTransport.send(port: port, "POST", "/session", body: body)
        guard let object = value as? [String: Any], let id = object["sessionId"] as? String else {
            throw WebDriverError(command: "new session", error: "bad response", message: "\(value)")
        }
        return WebDriverSession(port: port, id: id)
    }

    private init(port: Int, id: String) { self.port = port; self.id = id }

    // MARK: Navigation

    func navigate(_ url: String) async throws { try await post("url", ["url": url]) }
    func currentURL() async throws -> String { try await get("url") as? String ?? "" }
    func title() async throws -> String { try await get("title") as? String ?? "" }
    func back() async throws { try await post("back", [:]) }
    func refresh() async throws { try await post("refresh", [:]) }

    func setWindowSize(width: Int, height: Int) async throws { try await post("window/rect", ["width": width, "height": height]) }

    // MARK: Elements

    /// The first element matching a CSS selector; throws `no such element` when there is none.
    func find(_ css: String) async throws -> WebElement {
        try WebElement(session: self, value: try await post("element", ["using": "css selector", "value": css]))
    }

    /// The first element matching an XPath (for finding by visible text).
    func find(xpath: String) async throws -> WebElement {
        try WebElement(session: self, value: try await post("element", ["using": "xpath", "value": xpath]))
    }

    func findAll(_ css: String) async throws -> [WebElement] {
        let value = try await post("elements", ["using": "css selector", "value": css])
        return try (value as? [Any] ?? []).map { try WebElement(session: self, value: $0) }
    }

    /// The button whose visible text is exactly `label`, or failing that the link: the header's 로그인
    /// link must not win over the login form's 로그인 button.
    func button(_ label: String) async throws -> WebElement {
        let value = try await post("elements", ["using": "xpath", "value": "//button[normalize-space(.)='\(label)']"])
        if let first = (value as? [Any])?.first { return try WebElement(session: self, value: first) }
        return try await find(xpath: "//a[normalize-space(.)='\(label)']")
    }

    /// The trimmed text of the first element matching `css`, or nil when there is none.
    func text(_ css: String) async throws -> String? {
        let value = try await execute("var e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : null;", [css])
        return value as? String
    }

    // MARK: Frames

    /// Sends the commands that follow into the iframe `element`, until `switchToTop()`.
    func switchToFrame(_ element: WebElement) async throws {
        try await post("frame", ["id": [WebElement.key: element.reference]])
    }

    /// Sends the commands that follow to the top-level page again.
    func switchToTop() async throws { try await post("frame", ["id": NSNull()]) }

    // MARK: Scripts, screenshots, console

    /// Runs a synchronous script in the page and returns its JSON-able result.
    @discardableResult
    func execute(_ script: String, _ arguments: [Any] = []) async throws -> Any {
        try await post("execute/sync", ["script": script, "args": arguments])
    }

    /// A PNG of the viewport.
    func screenshot() async throws -> Data {
        guard let text = try await get("screenshot") as? String, let data = Data(base64Encoded: text) else {
            throw WebDriverError(command: "screenshot", error: "bad response", message: "not base64")
        }
        return data
    }

    /// SEVERE browser console entries since the last call (chromedriver's legacy log endpoint, which it
    /// still serves in W3C mode when `goog:loggingPrefs` asks for the browser log).
    func consoleErrors() async throws -> [String] {
        let value = try await post("se/log", ["type": "browser"])
        return (value as? [[String: Any]] ?? []).compactMap { entry in
            (entry["level"] as? String) == "SEVERE" ? entry["message"] as? String : nil
        }
    }

    /// Polls `condition` every 50 ms until it holds or `timeout` passes; returns whether it held.
    func wait(timeout: Duration = .seconds(10), until condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }

    /// Waits until the page's URL contains `fragment` and the document has finished loading.
    func waitForURL(containing fragment: String, timeout: Duration = .seconds(20)) async throws {
        let arrived = try await wait(timeout: timeout) {
            guard try await currentURL().contains(fragment) else { return false }
            return try await execute("return document.readyState;") as? String == "complete"
        }
        if !arrived {
            throw WebDriverError(command: "wait for URL", error: "timeout",
                                 message: "still at \(try await currentURL()) instead of …\(fragment)…")
        }
    }

    /// Ends the session and closes the browser; errors are ignored because this runs on the way out.
    func quit() async { _ = try? await WebDriverTransport.send(port: port, "DELETE", "/session/\(id)") }

    // MARK: Plumbing

    @discardableResult
    func post(_ path: String, _ json: [String: Any]) async throws -> Any {
        try await WebDriverTransport.send(port: port, "POST", "/session/\(id)/\(path)", body: try WebDriverTransport.encode(json))
    }

    func get(_ path: String) async throws -> Any {
        try await WebDriverTransport.send(port: port, "GET", "/session/\(id)/\(path)")
    }
}

/// An element found in the page, addressed by its WebDriver reference.
struct WebElement: Sendable {
    static let key = "element-6066-11e4-a52e-4f735466cecf"
    let session: WebDriverSession
    let reference: String

    init(session: WebDriverSession, value: Any) throws {
        guard let object = value as? [String: Any], let reference = object[Self.key] as? String else {
            throw WebDriverError(command: "find", error: "bad response", message: "\(value)")
        }
        self.session = session
        self.reference = reference
    }

    /// Clicks; chromedriver waits for a navigation the click starts before answering.
    func click() async throws { try await session.post("element/\(reference)/click", [:]) }
    func clear() async throws { try await session.post("element/\(reference)/clear", [:]) }
    func type(_ text: String) async throws { try await session.post("element/\(reference)/value", ["text": text]) }
    /// Clears the field, then types `text` as keystrokes.
    func replace(with text: String) async throws { try await clear(); try await type(text) }
    func text() async throws -> String { try await session.get("element/\(reference)/text") as? String ?? "" }
    func attribute(_ name: String) async throws -> String? { try await session.get("element/\(reference)/attribute/\(name)") as? String }
    func property(_ name: String) async throws -> Any { try await session.get("element/\(reference)/property/\(name)") }
}
