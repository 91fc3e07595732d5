import Foundation
import TestSupport

/// A WebDriver command that failed: the command, W3C's error code and chromedriver's message.
struct WebDriverError: Error, CustomStringConvertible, Sendable {
    let command: String
    let error: String
    let message: String
    var description: String { "WebDriver \(command): \(error): \(message.prefix(400))" }
}

/// One JSON-over-HTTP round trip to chromedriver on a loopback port.
///
/// Not URLSession: corelibs-foundation rejects chromedriver's headers (`Content-Length:249`, no space)
/// with "Failed writing header", and a test's time limit cancelling a task inside `URLSession.data(for:)`
/// can deadlock it on Linux. The raw test client polls a non-blocking socket, so a cancelled test simply
/// stops waiting, and every request ends by its own timeout.
enum WebDriverTransport {
    /// Sends `body` (a JSON object, or nothing for GET/DELETE) to `path` and returns the reply's `value`.
    static func send(port: Int, _ method: String, _ path: String, body: Data? = nil,
                     timeout: Duration = .seconds(60)) async throws -> Any {
        let command = "\(method) \(path)"
        let client = try TestHTTPClient(port: port)
        var headers = [("Connection", "close")]
        if body != nil { headers.append(("Content-Type", "application/json; charset=utf-8")) }
        try await client.send(TestHTTPClient.encode(method, path, headers: headers, body: body.map { Array($0) } ?? []))
        let response = try await client.readResponse(timeout: timeout)
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body), options: [.fragmentsAllowed])) as? [String: Any]
        guard let object else {
            throw WebDriverError(command: command, error: "bad response (\(response.status))", message: String(response.text.prefix(300)))
        }
        let value = object["value"] ?? NSNull()
        if let error = value as? [String: Any], let code = error["error"] as? String {
            throw WebDriverError(command: command, error: code, message: error["message"] as? String ?? "")
        }
        return value
    }

    static func encode(_ object: [String: Any]) throws -> Data {
        try JSONSerialization.data(withJSONObject: object)
    }
}
