/// What the payment page does in the shopper's browser once an order is placed: a small closed set the page
/// template renders each of, so a provider never ships HTML or script of its own into the shop's pages.
///
/// Guarantees (of the page): every value is escaped; the script's JSON is embedded so no `</script>` in it can
/// end the element; a redirect and a form post work without JavaScript.
public enum BrowserStep: Sendable {
    /// Load the provider's script and hand it the call (Toss's SDK window).
    case script(ScriptCall)
    /// Send the browser to the provider's page (`https://pay.example/checkout/…`), which returns to
    /// `PaymentOrder.successURL` / `failURL`.
    case redirect(url: String)
    /// Post these fields to the provider's page (PG forms that take the order by POST).
    case formPost(action: String, fields: [FormField])
    /// No window at all (무통장입금): the shop confirms at once under `paymentKey`, the method's own reference for
    /// this order's payment, and shows what the confirm answers (an account to pay into, say).
    case none(paymentKey: String)

    /// One hidden field of a `formPost`.
    public struct FormField: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }
}

/// The script the payment page loads and the JSON-able call it makes once loaded. The page's script calls
/// `TossPayments(clientKey).payment({customerKey}).requestPayment(request)`, the call shape the Toss v2 SDK made
/// common; a provider whose SDK differs ships a shim exposing that shape (the Toss sandbox's does).
public struct ScriptCall: Sendable {
    public var sdkURL: String
    public var clientKey: String
    public var customerKey: String
    /// The `requestPayment` argument: only strings, integers, booleans, arrays and dictionaries.
    public var request: [String: any Sendable]

    public init(sdkURL: String, clientKey: String, customerKey: String, request: [String: any Sendable]) {
        self.sdkURL = sdkURL
        self.clientKey = clientKey
        self.customerKey = customerKey
        self.request = request
    }
}
