import HTTP

/// Adds `X-Robots-Tag: noindex` to every back-office answer: search engines have no business there.
struct BackOfficeHeaders: Middleware {
    func handle(_ request: Request, next: Handler) async throws -> Response {
        var response = try await next(request)
        response.headers.set("X-Robots-Tag", "noindex, nofollow")
        return response
    }
}

/// The back office under `/admin`: the sign-in pages for anyone, every other page in one group whose handlers
/// receive a `StaffContext`. Both groups are tagged to skip the shopper's session and use the staff one.
/// Each area registers itself here with one line (`Admin<Area>Pages(…).register(in: &group)`).
struct AdminRoutes: Sendable {
    let staff: StaffService
    let renderer: AdminRenderer
    let cookies: StaffSessionMiddleware
    let app: StorefrontApp

    static let tags: Set<RouteTag> = [SessionMiddleware.ownSession, StaffSessionMiddleware.area]

    func register(_ router: inout Router) {
        router.group("/admin", tags: Self.tags, context: { request in request.staffVisit }) { group in
            group.use(BackOfficeHeaders())
            AdminSessionPages(staff: staff, renderer: renderer, cookies: cookies).register(in: &group)
        }
        router.group("/admin", tags: Self.tags, context: { request in try StaffContext(signedIn: request) }) { group in
            group.use(BackOfficeHeaders())
            AdminDashboardPages(database: app.database, renderer: renderer).register(in: &group)
            AdminStaffPages(staff: staff, renderer: renderer, cookies: cookies).register(in: &group)
            AdminAuditPages(database: app.database, renderer: renderer).register(in: &group)
            AdminReviewPages(reviews: ReviewService(database: app.database), renderer: renderer, cookies: cookies).register(in: &group)
            AdminProductImportPages(imports: ProductImportService(database: app.database, maxRows: app.config.admin.productImportMaxRows),
                                    maxBytes: app.config.admin.productImportMaxBytes, renderer: renderer, cookies: cookies)
                .register(in: &group)
            AdminProductPages(products: ProductAdminService(database: app.database), images: ProductImageService(database: app.database),
                              media: app.mediaStore, renderer: renderer, cookies: cookies).register(in: &group)
            AdminOrderPages(database: app.database, flow: app.paymentFlow, refunds: OperatorRefunds(database: app.database, flow: app.paymentFlow),
                            renderer: renderer, cookies: cookies).register(in: &group)
            let deliveries = FulfilmentQueries(database: app.database, flow: app.paymentFlow, returns: app.returns)
            AdminFulfilmentPages(fulfilment: app.fulfilment, queries: deliveries, renderer: renderer, cookies: cookies).register(in: &group)
            AdminReturnPages(returns: app.returns, queries: deliveries, renderer: renderer, cookies: cookies).register(in: &group)
            AdminDepositPages(deposits: BankDeposits(flow: app.paymentFlow), renderer: renderer, cookies: cookies).register(in: &group)
        }
    }
}
