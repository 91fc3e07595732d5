import HTTP
import Logging
import TestSupport
import Testing

/// A running server on an ephemeral loopback port for one test; `stop()` shuts it down gracefully.
struct ServerFixture {
    let server: HTTPServer
    let port: Int

    init(configuration: ServerConfiguration = ServerConfiguration(port: 0, eventLoops: 2),
         accessLog: Logger? = nil, handler: @escaping Handler) throws {
        var configuration = configuration
        configuration.port = 0
        configuration.host = "127.0.0.1"
        server = HTTPServer(configuration: configuration, handler: handler, accessLog: accessLog)
        port = try server.start()
    }

    func client() throws -> TestHTTPClient { try TestHTTPClient(port: port) }

    func stop() async { await server.shutdown() }
}
