/// Per-field messages of a rejected form, keyed by the form's field name (`signup_id`, `quantity`, …).
/// Messages are Korean and safe to show as they are.
public typealias ValidationErrors = [String: String]

/// Why a shop service refused a request, in terms the pages map to a status and a Korean message.
///
/// Every service in Accounts, Catalog, Cart and Orders throws only this type. The cases are what a
/// person caused (a bad form, an unknown id, a conflict with current stock, too many attempts, wrong
/// credentials); `unavailable` is the server's own fault (a database failure) and keeps the underlying
/// error's description for the log, never for the page.
public enum ShopError: Error, Sendable, Equatable {
    /// What could not be found; it only chooses the message.
    public enum Missing: Sendable, Equatable {
        case product
        case cartLine
        case order
        /// A 배송지 the shopper does not have.
        case address
    }

    /// The form was invalid; show it again with these messages next to its fields (400 / 422).
    case validation(ValidationErrors)
    /// The id is unknown, malformed, or belongs to someone else (404).
    case notFound(Missing)
    /// The request is well-formed but current state refuses it: sold out, not enough stock, empty cart (409).
    case conflict(String)
    /// Too many failed sign-ins; try again after this many minutes (429).
    case throttled(minutes: Int)
    /// Too many sign-ups from one address; try again after this many minutes (429).
    case tooManySignups(minutes: Int)
    /// The sign-in id or password is wrong; deliberately does not say which (401).
    case unauthorized
    /// Storage failed; `reason` is for the log only (500).
    case unavailable(reason: String)

    /// The Korean text to show the shopper.
    public var message: String {
        switch self {
        case .validation(let errors):
            errors.count == 1 ? (errors.values.first ?? Self.formMessage) : Self.formMessage
        case .notFound(.product): "상품을 찾을 수 없습니다."
        case .notFound(.cartLine): "장바구니에 없는 상품입니다."
        case .notFound(.order): "주문을 찾을 수 없습니다."
        case .notFound(.address): "배송지를 찾을 수 없습니다."
        case .conflict(let message): message
        case .throttled(let minutes): "로그인 시도가 너무 많습니다. \(minutes)분 후에 다시 시도해 주세요."
        case .tooManySignups(let minutes): "이 네트워크에서 가입 요청이 너무 많습니다. \(minutes)분 후에 다시 시도해 주세요."
        case .unauthorized: "아이디 또는 비밀번호가 올바르지 않습니다."
        case .unavailable: "일시적인 오류가 발생했습니다. 잠시 후 다시 시도해 주세요."
        }
    }

    static let formMessage = "입력한 내용을 다시 확인해 주세요."

    /// Turns whatever a repository threw into a `ShopError`: expected persistence outcomes become the
    /// case a person understands; anything else is `unavailable`. This is the one place that mapping lives.
    static func from(_ error: any Error) -> ShopError {
        if let shop = error as? ShopError { return shop }
        if let limit = error as? OrderLimitError { return .conflict(limit.message) }
        guard let persistence = error as? PersistenceError else {
            return .unavailable(reason: String(describing: error))
        }
        switch persistence {
        case .signupIdTaken: return .validation([AccountRules.signupIdField: AccountRules.signupIdTakenMessage])
        case .productNotFound: return .notFound(.product)
        case .orderNotFound: return .notFound(.order)
        case .emptyOrder: return .conflict(CheckoutService.emptyCartMessage)
        case .insufficientStock(_, let name, _, let available):
            return .conflict("재고 부족: \(name) (남은 수량: \(available)개)")
        case .invalidQuantity: return .validation([CartRules.quantityField: CartRules.quantityMessage])
        }
    }

    /// Runs `body`, turning anything it throws into a `ShopError` (see `from`).
    static func mapping<T>(_ body: () async throws -> T) async throws(ShopError) -> T {
        do {
            return try await body()
        } catch {
            throw from(error)
        }
    }
}
