import HTTP

/// What the session middleware learned about a request, for handlers and page models.
public struct RequestContext: Sendable {
    /// The signed-in shopper's session, or nil for a visitor.
    public var session: Session?
    /// The token every POST form must echo in its `_csrf` field.
    public var csrfToken: String
    /// A one-shot message set by the previous request (after a redirect), already consumed.
    public var flash: Flash?

    public var isSignedIn: Bool { session != nil }
}

extension Request {
    static let contextKey = "storefront.context"

    /// The request's context; an empty visitor context if the session middleware did not run.
    public var context: RequestContext {
        get { attributes[Self.contextKey] as? RequestContext ?? RequestContext(session: nil, csrfToken: "", flash: nil) }
        set { attributes[Self.contextKey] = newValue }
    }
}
