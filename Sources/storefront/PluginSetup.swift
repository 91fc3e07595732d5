import Foundation
import InProcessQueue
import Logging
import LogNotifier
import MemoryCache
import OutboxFileNotifier
import PluginKit
import RabbitMQQueue
import RedisCache
import Storefront

/// Every cache and queue plugin this build ships, by the name storefront.json uses, and the one place
/// that builds them from the config (errors name the key: `cache.plugin`, `queue.options.capacity`, …).
enum PluginSetup {
    static var registry: PluginRegistry {
        var registry = PluginRegistry()
        registry.registerCache("memory", summary: "in-process, bounded (entries, bytes), TTL, LRU — the default") { options, _ throws(PluginError) in
            try MemoryCache(options: options)
        }
        registry.registerCache("redis", summary: "shared by every instance, over hiredis (url, prefix, poolSize, timeoutMilliseconds, startDegraded)") { options, logger throws(PluginError) in
            try await RedisCache.make(options: options, logger: logger)
        }
        registry.registerQueue("inprocess", summary: "in-process consumer groups with acks and redelivery — the default") { options, _ throws(PluginError) in
            try InProcessQueue(options: options)
        }
        registry.registerQueue("rabbitmq", summary: "durable topic exchange, confirms, manual acks (url, exchange, prefetch, timeoutMilliseconds, startDegraded)") { options, logger throws(PluginError) in
            try await RabbitMQQueue.make(options: options, logger: logger)
        }
        registry.registerNotifier("log", summary: "one structured line per notice through the shop's log — the default") { options, logger throws(PluginError) in
            try LogNotifier(options: options, logger: logger)
        }
        registry.registerNotifier("outbox-file", summary: "appends each notice as a JSON line to a file, fsync'd, for a script to send (path)") { options, logger throws(PluginError) in
            try OutboxFileNotifier(options: options, logger: logger)
        }
        return registry
    }

    static func make(_ config: StorefrontConfig, source: String, logger: Logger) async throws(ConfigError) -> ShopPlugins {
        let registry = self.registry
        do throws(PluginError) {
            let cache = try await registry.makeCache(config.cache.plugin, options: PluginOptions(config.cache.options, keyPath: "cache.options"),
                                                  logger: logger)
            do throws(PluginError) {
                let queue = try await registry.makeQueue(config.queue.plugin, options: PluginOptions(config.queue.options, keyPath: "queue.options"),
                                                      logger: logger)
                do throws(PluginError) {
                    let notifier = try await registry.makeNotifier(config.notifier.plugin,
                                                                   options: PluginOptions(config.notifier.options, keyPath: "notifier.options"),
                                                                   logger: logger)
                    return ShopPlugins(cache: cache, queue: queue, notifier: notifier)
                } catch {
                    await queue.shutdown()
                    throw error
                }
            } catch {
                await cache.shutdown()
                throw error
            }
        } catch {
            throw ConfigError(source: source, keyPath: error.keyPath, problem: error.problem)
        }
    }

    /// `storefront plugins`: what can be named in storefront.json.
    static var listing: String {
        var payments = PluginRegistry()
        PaymentSetup.register(into: &payments, databasePath: "", started: PaymentSetup.Started())
        var lines = ["payment providers (payments.providers.NAME.options) and their methods (payments.methods):"]
        for provider in payments.paymentProviders {
            lines.append("  \(provider.name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(provider.summary)")
            lines += provider.methods.map { "    \($0.id.padding(toLength: 20, withPad: " ", startingAt: 0)) \($0.displayName)" }
        }
        lines.append("cache plugins (cache.plugin):")
        lines += registry.caches.map { "  \($0.name.padding(toLength: 22, withPad: " ", startingAt: 0)) \($0.summary)" }
        lines.append("queue plugins (queue.plugin):")
        lines += registry.queues.map { "  \($0.name.padding(toLength: 22, withPad: " ", startingAt: 0)) \($0.summary)" }
        lines.append("notifier plugins (notifier.plugin):")
        lines += registry.notifiers.map { "  \($0.name.padding(toLength: 22, withPad: " ", startingAt: 0)) \($0.summary)" }
        return lines.joined(separator: "\n")
    }
}
