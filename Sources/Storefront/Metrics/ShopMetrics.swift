import Metrics

/// Every metric the shop records, registered once in one `MetricsRegistry`, with the handles the hot paths use
/// resolved in advance. Passed to what records (the router's `RequestMetrics`, the payment flow, the cache, the
/// outbox relay); `/metrics` renders `registry`. README "Metrics" lists each family with its labels.
///
/// Guarantees: no label value comes from a request: routes are registered patterns, methods and statuses come
/// from closed lists, payment methods are the configured ones (anything else counts as `other`).
public final class ShopMetrics: Sendable {
    public let registry: MetricsRegistry

    let requests: MetricFamily<Counter>
    let requestDuration: MetricFamily<Histogram>
    let cacheLookups: MetricFamily<Counter>
    let cacheHit: Counter, cacheMiss: Counter, cacheUnavailable: Counter
    let outboxPublished: Counter
    let outboxPublishFailures: Counter
    let confirms: MetricFamily<Counter>
    let refunds: MetricFamily<Counter>
    let reconcilerActions: MetricFamily<Counter>
    let poolWait: MetricFamily<Histogram>
    let queryErrors: MetricFamily<Counter>

    public init(registry: MetricsRegistry = MetricsRegistry()) {
        self.registry = registry
        requests = registry.counter("storefront_http_requests_total",
                                    help: "HTTP requests answered, by route pattern (unmatched for none), method and status.",
                                    labels: ["route", "method", "status"], omitsUnused: true)
        requestDuration = registry.histogram("storefront_http_request_duration_seconds",
                                             help: "Time from routing a request to its response being ready, by route pattern and method.",
                                             labels: ["route", "method"], omitsUnused: true)
        cacheLookups = registry.counter("storefront_cache_lookups_total",
                                        help: "Cache lookups by result: hit, miss, or unavailable (no cache or it failed; served from the database).",
                                        labels: ["result"])
        cacheHit = cacheLookups.labels("hit")
        cacheMiss = cacheLookups.labels("miss")
        cacheUnavailable = cacheLookups.labels("unavailable")
        outboxPublished = registry.counter("storefront_outbox_published_total", help: "Outbox events the broker accepted.").labels()
        outboxPublishFailures = registry.counter("storefront_outbox_publish_failures_total",
                                                 help: "Outbox publishes the broker refused or failed (the event stays in the outbox).").labels()
        confirms = registry.counter("storefront_payment_confirms_total",
                                    help: "Payment success callbacks by payment method and what the shopper was shown.",
                                    labels: ["method", "outcome"])
        refunds = registry.counter("storefront_payment_refunds_total",
                                   help: "Cancels and refunds asked by shoppers, by payment method and outcome.",
                                   labels: ["method", "outcome"])
        reconcilerActions = registry.counter("storefront_reconciler_actions_total",
                                             help: "Orders the reconciler moved, by action: settled (a lost confirm answered) or expired.",
                                             labels: ["action"])
        poolWait = registry.histogram("storefront_db_pool_wait_seconds",
                                      help: "Time a database job waited for a connection, by pool role (reader or writer).",
                                      labels: ["role"], buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5])
        queryErrors = registry.counter("storefront_db_query_errors_total",
                                       help: "Database jobs that failed, by pool role and kind of error.",
                                       labels: ["role", "kind"])
    }
}
