import Foundation
import HTTP

extension StorefrontApp {
    /// The HTTP server's settings from `config.server`: zero event loops means one per core, zero connections the
    /// default that keeps descriptors in reserve, X-Forwarded-For is read from the trusted proxies only, and
    /// errors the server detects itself are answered with the shop's Korean error page.
    public var serverConfiguration: ServerConfiguration {
        let server = config.server
        var configuration = ServerConfiguration(
            host: server.host, port: server.port,
            eventLoops: server.eventLoops == 0 ? ProcessInfo.processInfo.activeProcessorCount : server.eventLoops,
            maxBodyBytes: server.maxBodyBytes,
            headerTimeout: .seconds(server.readTimeoutSeconds), idleTimeout: .seconds(server.idleTimeoutSeconds),
            writeTimeout: .seconds(server.writeTimeoutSeconds),
            maxConnections: server.maxConnections == 0 ? ServerConfiguration.defaultMaxConnections() : server.maxConnections,
            maxPendingOutputBytes: server.maxPendingOutputBytes,
            protocolErrorResponder: protocolErrorResponder)
        configuration.forwardedFor = ForwardedFor(trustedProxies: server.trustedProxies)
        return configuration
    }
}
