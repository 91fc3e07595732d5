import Database
import Foundation
import HTTP
import Logging
import Mustache
import PluginKit

/// The assembled shop: services over one database, the page handlers, and the middleware chain,
/// as a single `Handler` the HTTP server runs. Built once at startup; immutable afterwards.
public struct StorefrontApp: Sendable {
    public let config: StorefrontConfig
    public let database: any DatabaseWriter
    public let templates: MustacheLibrary
    let logger: Logger

    public let paymentFlow: PaymentFlow
    /// Shipping, delivery, 구매 확정 and the shopper's cancel (DESIGN.md's fulfilment line); returns beside it.
    public let fulfilment: FulfilmentService
    public let returns: ReturnService

    /// The configured cache as the pages use it: the catalog listing, product data, and (when
    /// `server.sessionStore` is `cache`) sessions and login throttling.
    let shopCache: ShopCache

    /// What `/metrics` shows (README "Metrics"); the orders and outbox gauges read `database` when scraped. One app
    /// per `ShopMetrics`: the app registers its database gauges in it, and a name registers once.
    public let metrics: ShopMetrics

    public init(config: StorefrontConfig, database: any DatabaseWriter, templates: MustacheLibrary,
                paymentMethods: [any PaymentMethod], paymentProviders: [any PaymentProvider] = [], origin: PublicOrigin, cache: (any Cache)? = nil,
                passwordCost: Int = 12, metrics: ShopMetrics = ShopMetrics(), logger: Logger) {
        self.config = config
        self.metrics = metrics
        metrics.observe(DatabaseLevels(database: database))
        database.observe(PoolMetrics(metrics))
        shopCache = ShopCache(cache: cache, metrics: metrics, logger: logger)
        // Only the methods storefront.json enables, in its order.
        let offered = paymentMethods + paymentProviders.flatMap(\.methods)
        let enabled = config.payments.methods.compactMap { id in offered.first { $0.id == id } }
        self.paymentFlow = PaymentFlow(database: database, methods: enabled, providers: paymentProviders, origin: origin, metrics: metrics, logger: logger)
        fulfilment = FulfilmentService(database: database, flow: paymentFlow, logger: logger)
        returns = ReturnService(database: database, flow: paymentFlow, fulfilment: fulfilment, returnFee: config.shipping.returnFee,
                                logger: logger)
        self.database = database
        self.templates = templates
        self.passwordCost = passwordCost
        self.logger = logger
    }

    let passwordCost: Int

    /// The payment methods the checkout offers: enabled in storefront.json and registered, in config order.
    var enabledMethodIds: [String] { config.payments.methods.filter { paymentFlow.methods[$0] != nil } }

    /// The Content-Security-Policy for the payment configuration in use (see `ContentSecurityPolicy`).
    /// Providers add their declared hosts only while one of their methods is enabled.
    var contentSecurityPolicy: String {
        let enabled = Set(paymentFlow.methods.keys)
        let providers = paymentFlow.providers.values.filter { provider in provider.methods.contains { enabled.contains($0.id) } }
        return ContentSecurityPolicy(toss: config.payments.toss, providers: providers.map(\.browserOrigins)).headerValue
    }

    var securityHeaders: SecurityHeadersMiddleware { SecurityHeadersMiddleware(contentSecurityPolicy: contentSecurityPolicy) }

    /// For `ServerConfiguration.protocolErrorResponder`: a request the HTTP server refuses before routing
    /// (malformed, too large, too slow) gets the same layout error page as a handler's error, with the
    /// status's Korean text and the pages' security headers. It renders the in-memory templates only, as
    /// the event loop requires (with `templates.reload`, a development setting, a render also checks the
    /// files' modification times).
    public var protocolErrorResponder: @Sendable (HTTPStatus) -> Response {
        let templates = self.templates, headers = securityHeaders
        return { status in
            var response = PageRenderer.plainErrorPage(templates: templates, status: status, message: "")
            headers.apply(to: &response)
            return response
        }
    }

    public func makeRouter(extraRoutes: (inout Router, PageRenderer) -> Void = { _, _ in }) -> Router {
        let inCache = config.server.sessionStore == "cache" && shopCache.cache != nil
        let databaseSessions = DatabaseSessionStore(database: database)
        let sessionStore: any SessionStore = inCache ? CachedSessionStore(cache: shopCache, database: databaseSessions) : databaseSessions
        // Counters live where sessions do; in the cache they fall back to the database during an outage. Locks
        // are remembered in this process, so a flood against a locked address stays off the database and cache.
        func throttle(_ policy: LoginThrottlePolicy) -> any LoginThrottle {
            let inDatabase = DatabaseLoginThrottle(database: self.database, policy: policy)
            return RememberedLocks(store: inCache ? CachedLoginThrottle(cache: shopCache, fallback: inDatabase) : inDatabase)
        }
        let sessions = SessionService(store: sessionStore)
        let cart = CartService(database: database)
        let catalog = CatalogService(database: database)
        let renderer = PageRenderer(templates: templates, cart: cart, logger: logger)
        let sessionMiddleware = SessionMiddleware(sessions: sessions, secureCookies: config.server.secureCookies)
        let staff = StaffService(database: database, throttle: throttle(.init()), passwordCost: passwordCost,
                                 idleSeconds: config.admin.sessionIdleMinutes * 60,
                                 lifetimeSeconds: config.admin.sessionLifetimeHours * 3600)
        let staffSessions = StaffSessionMiddleware(staff: staff, secureCookies: config.server.secureCookies)
        let adminRenderer = AdminRenderer(templates: templates, logger: logger)

        var router = Router()
        router.use(securityHeaders)
        router.use(ErrorMiddleware { status, message, request in
            // Error pages must not depend on the database or session: they render from the request alone.
            // A 5xx's message comes from code the shopper cannot act on (and is English): show the Korean default.
            // The back office's (a refused CSRF token, thrown by its session middleware) keeps its own layout.
            if StaffSessionMiddleware.isBackOffice(request) {
                return adminRenderer.error(status, message: status.code >= 500 ? "" : message, for: request)
            }
            return PageRenderer.plainErrorPage(templates: templates, status: status, message: status.code >= 500 ? "" : message,
                                        csrfToken: request.context.csrfToken)
        })
        // Static files need no session: answer them before it is loaded.
        router.use(PublicFiles(files: StaticFiles(root: config.templates.publicDirectory)))
        router.use(MetricsEndpoint(registry: metrics.registry, token: config.server.metricsToken))
        router.use(MediaFiles(directory: config.media.directory))
        router.use(sessionMiddleware)
        router.use(staffSessions)
        // Inside the sessions, so an error page (a 404 too) shows the visitor's own layout, the back office's for its routes.
        router.use(PageErrorMiddleware(logger: logger) { status, message, request in
            if StaffSessionMiddleware.isBackOffice(request) { return adminRenderer.error(status, message: message, for: request) }
            return await renderer.error(status, message: message, for: request)
        })

        let database = self.database
        // A load balancer's check: no session, no cookie, and the database asked at most once a second.
        let health = HealthProbe(database: database)
        router.group("", tags: [SessionMiddleware.sessionless], context: { _ in () }) { group in
            group.get("/healthz") { _, _ in
                await health.isHealthy() ? .text("ok") : .text("database unavailable", status: .serviceUnavailable)
            }
        }

        let reviews = ReviewService(database: database)
        CatalogPages(catalog: catalog, renderer: renderer, cache: shopCache, reviews: reviews).register(&router)
        AccountPages(accounts: AccountService(database: database, passwordCost: passwordCost, throttle: throttle(.init()),
                                                 signupThrottle: throttle(.signups)), sessions: sessions,
                     renderer: renderer, cookies: sessionMiddleware).register(&router)
        PolicyPages(renderer: renderer).register(&router)
        let shipping = ShippingPolicy(config.shipping)
        let cartPages = CartPages(cart: cart, catalog: catalog, renderer: renderer, cookies: sessionMiddleware, shipping: shipping)
        let paymentPages = PaymentPages(flow: paymentFlow, renderer: renderer, cookies: sessionMiddleware)
        let checkoutPages = CheckoutPages(
            checkout: CheckoutService(database: database, paymentMethods: enabledMethodIds, shipping: shipping),
            methods: enabledMethodIds.map { .init(id: $0, displayName: paymentFlow.displayName(for: $0)) },
            renderer: renderer, cartPages: cartPages,
            paymentPage: { order, request in await paymentPages.paymentPage(order, request) })
        // The pages that need a signed-in shopper: a visitor is sent to the login page and back.
        router.group("", context: { request in try ShopperContext(signedIn: request) }) { group in
            cartPages.register(in: &group)
            OrderPages(orders: OrderQueries(database: database), flow: paymentFlow, renderer: renderer, cookies: sessionMiddleware,
                       reviews: reviews, fulfilment: fulfilment, returns: returns).register(in: &group)
            ReviewPages(reviews: reviews, media: mediaStore, renderer: renderer, cookies: sessionMiddleware).register(in: &group)
            AddressPages(addresses: AddressBookService(database: database), renderer: renderer, cookies: sessionMiddleware)
                .register(in: &group)
            checkoutPages.register(in: &group)
            paymentPages.register(in: &group)
        }
        paymentPages.registerWebhook(&router)
        AdminRoutes(staff: staff, renderer: adminRenderer, cookies: staffSessions, app: self).register(&router)
        extraRoutes(&router, renderer)
        router.wrap(RequestMetrics(metrics: metrics, routes: router.routePatterns))
        return router
    }
}

/// Serves `/public/…` from the Public folder ahead of the session and the routes.
struct PublicFiles: Middleware {
    let files: StaticFiles
    func handle(_ request: Request, next: Handler) async throws -> Response {
        request.path.hasPrefix("/public/") ? try await files.handler(request) : try await next(request)
    }
}
