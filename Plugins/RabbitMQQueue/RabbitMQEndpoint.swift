import Foundation
import PluginKit

/// Where the broker is, read from an `amqp://user:password@host:port/vhost` URL.
struct RabbitMQEndpoint: Sendable, Equatable {
    var host: String
    var port: Int
    var user: String
    var password: String
    var vhost: String

    init(url: String, keyPath: String) throws(PluginError) {
        guard let parts = URLComponents(string: url), parts.scheme == "amqp", let host = parts.host, !host.isEmpty else {
            throw PluginError(keyPath: keyPath, "expected amqp://user:password@host:port/vhost, got \"\(url)\"")
        }
        self.host = host
        port = parts.port ?? 5672
        user = parts.user ?? "guest"
        password = parts.password ?? "guest"
        let path = parts.path
        vhost = path.isEmpty || path == "/" ? "/" : String(path.dropFirst()).removingPercentEncoding ?? "/"
    }

    /// `user@host:port/vhost`, never the password.
    var description: String { "\(user)@\(host):\(port)\(vhost == "/" ? "/" : "/" + vhost)" }
}
