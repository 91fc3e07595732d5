import HTTP

/// What a handler of the storefront's signed-in group receives beside the request: the shopper's session (never
/// nil: the group's resolver refuses visitors before the handler runs), the CSRF token for forms, and the flash.
///
/// Guarantees: `init(signedIn:)` throws `HTTPError.redirect` to `/login?next=…` for a visitor, `next` being the
/// page asked for (after a POST, the local page the form was on, else `/cart`), so they come back after signing in.
public struct ShopperContext: Sendable {
    public let session: Session
    public let csrfToken: String
    public let flash: Flash?

    /// The group's resolver: the signed-in shopper of `request`, or a redirect to the login page.
    public init(signedIn request: Request) throws(HTTPError) {
        let context = request.context
        guard let session = context.session else {
            // After a POST, come back to the page the form was on rather than to the POST's URL.
            let back = request.method == .GET ? request.target : (request.headers["Referer"].flatMap(Self.localPath) ?? "/cart")
            throw HTTPError.redirect(to: PageContext.loginURL(returningTo: back))
        }
        self.session = session
        csrfToken = context.csrfToken
        flash = context.flash
    }

    /// The local path of a `Referer` (`https://shop/cart?x=1` → `/cart?x=1`), or nil when there is none.
    static func localPath(_ referer: String) -> String? {
        guard let range = referer.range(of: "://") else { return nil }
        let afterScheme = referer[range.upperBound...]
        guard let slash = afterScheme.firstIndex(of: "/") else { return "/" }
        return ReturnPath.local(String(afterScheme[slash...]))
    }
}
