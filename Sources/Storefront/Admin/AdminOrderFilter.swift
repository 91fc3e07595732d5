import Foundation

/// What the back office's order list and its CSV export filter by; nil fields do not filter. Built from the
/// list's query string by `init(query:)`, which ignores what it cannot read (an unknown status, a malformed date)
/// rather than refusing the page, and cuts the text to `maxTextLength`.
public struct AdminOrderFilter: Sendable, Equatable {
    public var status: OrderStatus?
    /// A payment method id (`toss.card`, …) as `web_payment.payment_method` holds it.
    public var method: String?
    public var fulfilment: FulfilmentStatus?
    /// First Korea day included.
    public var from: Date?
    /// Last Korea day included (the query reads up to the next day's start).
    public var until: Date?
    /// An order id, a shopper's sign-up id, or part of a name or phone number.
    public var text: String?

    public static let maxTextLength = 64

    public init(status: OrderStatus? = nil, method: String? = nil, fulfilment: FulfilmentStatus? = nil,
                from: Date? = nil, until: Date? = nil, text: String? = nil) {
        self.status = status
        self.method = method
        self.fulfilment = fulfilment
        self.from = from
        self.until = until
        self.text = text
    }

    /// The filter a list URL asks for (`status`, `method`, `fulfilment`, `from`, `until`, `q`).
    public init(query: (String) -> String?) {
        status = query("status").flatMap(OrderStatus.init(rawValue:))
        method = query("method").map { TextLength.prefix($0.trimmingCharacters(in: .whitespaces), 40) }.flatMap { $0.isEmpty ? nil : $0 }
        fulfilment = query("fulfilment").flatMap(FulfilmentStatus.init(rawValue:))
        from = KoreaDate.parse(query("from"))
        until = KoreaDate.parse(query("until"))
        let text = (query("q") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        self.text = text.isEmpty ? nil : TextLength.prefix(text, Self.maxTextLength)
    }

    /// The query string that asks for this filter again (without `?`), in a stable order; "" for no filter.
    public var queryString: String {
        var pairs: [(String, String)] = []
        if let status { pairs.append(("status", status.rawValue)) }
        if let method { pairs.append(("method", method)) }
        if let fulfilment { pairs.append(("fulfilment", fulfilment.rawValue)) }
        if let from { pairs.append(("from", KoreaDate.field(from))) }
        if let until { pairs.append(("until", KoreaDate.field(until))) }
        if let text { pairs.append(("q", text)) }
        return pairs.map { "\($0.0)=\(PageContext.queryEncode($0.1))" }.joined(separator: "&")
    }
}
