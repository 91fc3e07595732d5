import HTTP
import Synchronization

/// What the session middleware learned about a request, for handlers and page models.
public struct RequestContext: Sendable {
    /// The signed-in shopper's session, or nil for a visitor.
    public var session: Session?
    /// The CSRF token: the visitor's own, or minted when a page first asks for it.
    let csrf: CSRFToken
    /// A one-shot message set by the previous request (after a redirect), already consumed.
    public var flash: Flash?

    public init(session: Session?, csrfToken: String, flash: Flash?) {
        self.init(session: session, csrf: CSRFToken(existing: csrfToken), flash: flash)
    }

    init(session: Session?, csrf: CSRFToken, flash: Flash?) {
        self.session = session
        self.csrf = csrf
        self.flash = flash
    }

    /// The token every POST form must echo in its `_csrf` field.
    public var csrfToken: String { csrf.value }

    public var isSignedIn: Bool { session != nil }
}

/// A request's CSRF token: the one the visitor's cookie carries, or one minted the first time something asks for it
/// (a page with a form, the layout). A response that never asked (a redirect, the visitors' shared catalog page)
/// mints nothing, so it costs no random bytes and sets no cookie.
final class CSRFToken: Sendable {
    private let token: Mutex<String?>
    private let minted = Atomic<Bool>(false)

    init(existing: String?) { token = Mutex(existing) }

    var value: String {
        token.withLock { token in
            if let token { return token }
            let fresh = SecureToken.hex()
            token = fresh
            minted.store(true, ordering: .relaxed)
            return fresh
        }
    }

    /// Whether this request minted the token, which its response must then set as the cookie.
    var wasMinted: Bool { minted.load(ordering: .relaxed) }
}

extension Request {
    static let contextKey = "storefront.context"

    /// The request's context; an empty visitor context if the session middleware did not run.
    public var context: RequestContext {
        get { attributes[Self.contextKey] as? RequestContext ?? RequestContext(session: nil, csrfToken: "", flash: nil) }
        set { attributes[Self.contextKey] = newValue }
    }
}
