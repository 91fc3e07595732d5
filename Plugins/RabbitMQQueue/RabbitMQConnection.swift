import CRabbitMQ
import Foundation
import PluginKit

/// One rabbitmq-c connection. rabbitmq-c is blocking and not thread-safe, so a connection is only ever
/// used by one thread (the publisher's serial queue, or one consumer's thread).
final class RabbitMQConnection {
    let state: amqp_connection_state_t

    private init(state: amqp_connection_state_t) { self.state = state }

    static func open(_ endpoint: RabbitMQEndpoint, timeoutMilliseconds: Int) -> Result<RabbitMQConnection, QueueError> {
        var error = [CChar](repeating: 0, count: 256)
        let state = error.withUnsafeMutableBufferPointer { buffer in
            sf_amqp_connect(endpoint.host, Int32(endpoint.port), endpoint.user, endpoint.password, endpoint.vhost,
                            Int32(timeoutMilliseconds), buffer.baseAddress)
        }
        guard let state else {
            let reason = String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return .failure(QueueError(.unavailable, "RabbitMQ \(endpoint.description): \(reason)"))
        }
        return .success(RabbitMQConnection(state: state))
    }

    func close() { sf_amqp_close(state) }
}

extension amqp_bytes_t {
    var array: [UInt8] {
        guard let base = bytes, len > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: base, count: Int(len)))
    }
    var text: String { String(decoding: array, as: UTF8.self) }
}
