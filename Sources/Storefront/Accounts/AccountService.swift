import Database
import Foundation

/// What the signup form sends, as typed (field names `signup_id`, `password`, `password_confirm`, `name`, `phone`).
public struct SignupForm: Sendable, Equatable {
    public var signupId: String
    public var password: String
    /// 비밀번호 확인; nil when the caller has no such field (seeding, tools), which skips the check.
    public var passwordConfirmation: String?
    public var name: String
    public var phone: String
    /// The boxes ticked (`Consent.given`); nil when the caller has no such form (seeding, tools), which neither
    /// checks nor stores consents.
    public var consents: Set<Consent>?

    public init(signupId: String, password: String, passwordConfirmation: String? = nil, name: String, phone: String,
                consents: Set<Consent>? = nil) {
        self.signupId = signupId
        self.password = password
        self.passwordConfirmation = passwordConfirmation
        self.name = name
        self.phone = phone
        self.consents = consents
    }
}

/// Signup and sign-in: every rule about accounts that the signup and login pages rely on.
///
/// Guarantees:
/// - Signup refuses a form without the required consents (이용약관, 개인정보 수집·이용, 만 14세 이상), each named on its
///   checkbox, and stores the consents given with the account in the transaction that creates it.
/// - Signup validates every field at once (one Korean message per bad field, see `AccountRules`) and
///   relies on the unique index for "이미 사용 중인 아이디입니다", so two racing signups cannot both win.
/// - Passwords are stored only as bcrypt hashes; hashing and verifying run off the cooperative pool.
/// - Sign-in answers the same `unauthorized` for an unknown id and a wrong password, and spends the
///   same bcrypt work on both, so neither the message nor the timing tells whether an id exists.
/// - After `throttlePolicy.maxFailures` failures within the window, the account id and the remote
///   address are each locked for `throttlePolicy.lockout`, even for the right password. A success clears
///   the account's count only: clearing the address's would let one valid login reset a guessing run.
/// - One address starts at most `LoginThrottlePolicy.signups` sign-ups per window (each costs a bcrypt
///   hash), so one client cannot take the server's cores by posting the form in a loop.
public struct AccountService: Sendable {
    let database: any DatabaseWriter
    let accounts: AccountRepository
    let throttle: any LoginThrottle
    let signupThrottle: any LoginThrottle
    let hasher: PasswordHasher
    let now: @Sendable () -> Date
    /// A well-formed hash at `hasher.cost` that matches no password, verified for unknown ids.
    let dummyHash: String

    /// `passwordCost` is bcrypt's work factor: 12 in production, 4 in tests.
    /// `throttle` defaults to the database's `login_throttle` table with `throttlePolicy`; `signupThrottle`
    /// to the same table with `LoginThrottlePolicy.signups`.
    public init(database: any DatabaseWriter, passwordCost: Int = 12, throttlePolicy: LoginThrottlePolicy = .init(),
                throttle: (any LoginThrottle)? = nil, signupThrottle: (any LoginThrottle)? = nil,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        accounts = AccountRepository()
        self.throttle = throttle ?? DatabaseLoginThrottle(database: database, policy: throttlePolicy)
        self.signupThrottle = signupThrottle ?? DatabaseLoginThrottle(database: database, policy: .signups)
        hasher = PasswordHasher(cost: passwordCost)
        self.now = now
        // A real salt from a cheap cost-4 hash, relabelled with our cost: crypt then does the full work.
        let cheap = (try? PasswordHasher(cost: 4).hash(SecureToken.hex(bytes: 16))) ?? "$2b$04$" + String(repeating: "a", count: 53)
        dummyHash = String(format: "$2b$%02d$", hasher.cost) + cheap.dropFirst(7)
    }

    // MARK: Signup

    /// Creates an account from the signup form, or throws `.validation` with a message per bad field
    /// (including `signup_id` when the id is taken), or `.tooManySignups` when `remoteAddress` has used up
    /// its sign-ups for now. A nil address (seeding, tools) is not counted.
    public func signUp(_ form: SignupForm, remoteAddress: String? = nil) async throws(ShopError) -> Account {
        var errors = ValidationErrors()
        let signupId = AccountRules.signupId(form.signupId, into: &errors)
        AccountRules.password(form.password, signupId: signupId, into: &errors)
        AccountRules.passwordConfirmation(form.passwordConfirmation, of: form.password, into: &errors)
        let name = AccountRules.name(form.name, into: &errors)
        let phone = AccountRules.phone(form.phone, into: &errors)
        AccountRules.consents(form.consents, into: &errors)
        guard errors.isEmpty else { throw .validation(errors) }
        if let remoteAddress { try await countSignup(from: remoteAddress) }

        let hasher = self.hasher, password = form.password
        let hashed = await BlockingWork.run { Result { () throws(PasswordHasher.Failure) -> String in try hasher.hash(password) } }
        let hash: String
        switch hashed {
        case .success(let value): hash = value
        case .failure(let failure): throw .unavailable(reason: "password hashing failed: \(failure)")
        }
        let at = now()
        return try await ShopError.mapping {
            try await database.write { [consents = form.consents] db in
                let account = try accounts.create(db, NewAccount(signupId: signupId, passwordHash: hash, name: name, phone: phone), now: at)
                // What was agreed, at which version and when, lands with the account or not at all.
                if let consents { try ConsentRepository().record(db, userId: account.id, consents, now: at) }
                return account
            }
        }
    }

    /// Counts a sign-up from `address`, or throws `.tooManySignups` while the address is locked.
    func countSignup(from address: String) async throws(ShopError) {
        let key = "signup:address:" + address, at = now(), throttle = signupThrottle
        if let until = try await ShopError.mapping({ try await throttle.admit(key: key, now: at) }) {
            throw .tooManySignups(minutes: Self.minutes(from: at, to: until))
        }
    }

    /// How recent an account must be for a second signup with its id to count as a double click.
    static let doubleSubmitWindow: TimeInterval = 120

    /// The account a double-clicked signup form already made: when the id was just taken (within
    /// `doubleSubmitWindow`) with the same name and phone, and the password signs in (throttled like any
    /// sign-in). Nil otherwise, and the form shows "이미 사용 중인 아이디입니다" as usual.
    public func doubleSubmittedSignup(_ form: SignupForm, remoteAddress: String) async -> Account? {
        // Normalised exactly as signup stored them.
        var ignored = ValidationErrors()
        let signupId = AccountRules.signupId(form.signupId, into: &ignored)
        let name = AccountRules.name(form.name, into: &ignored)
        let phone = AccountRules.phone(form.phone, into: &ignored)
        guard ignored.isEmpty, let existing = try? await database.read({ db in try accounts.find(db, signupId: signupId) }),
              now().timeIntervalSince(existing.createdAt) <= Self.doubleSubmitWindow,
              existing.name == name, existing.phone == phone else { return nil }
        return try? await signIn(signupId: signupId, password: form.password, remoteAddress: remoteAddress)
    }

    // MARK: Sign-in

    /// The account whose id and password these are. Throws `.throttled(minutes:)` while the id or the
    /// address is locked, `.unauthorized` for a wrong id or password (`.throttled` when that failure
    /// reached the limit).
    public func signIn(signupId: String, password: String, remoteAddress: String) async throws(ShopError) -> Account {
        let signupId = signupId.trimmingCharacters(in: .whitespacesAndNewlines)
        var formatErrors = ValidationErrors()
        _ = AccountRules.signupId(signupId, into: &formatErrors)
        // An id no account can have is neither looked up nor given a throttle row (attackers pick ids freely).
        let possibleId = formatErrors.isEmpty
        let keys = (possibleId ? ["account:" + signupId] : []) + ["address:" + remoteAddress]
        let at = now()
        let throttle = self.throttle

        let lockedUntil = try await ShopError.mapping { try await throttle.lockedUntil(keys: keys, now: at) }
        if let lockedUntil { throw .throttled(minutes: Self.minutes(from: at, to: lockedUntil)) }

        let account = possibleId ? try await ShopError.mapping { try await database.read { db in try accounts.find(db, signupId: signupId) } } : nil
        let hasher = self.hasher, storedHash = account?.passwordHash ?? dummyHash
        let matches = await BlockingWork.run { hasher.verify(password, against: storedHash) }

        guard let account, matches else {
            let lock = try await ShopError.mapping { try await throttle.recordFailure(keys: keys, now: at) }
            if let lock { throw .throttled(minutes: Self.minutes(from: at, to: lock)) }
            throw .unauthorized
        }
        try await ShopError.mapping { try await throttle.reset(key: "account:" + signupId) }
        return account
    }

    /// Whole minutes until `end`, rounded up and at least 1, for "n분 후에 다시 시도해 주세요".
    static func minutes(from start: Date, to end: Date) -> Int {
        max(1, Int((end.timeIntervalSince(start) / 60).rounded(.up)))
    }
}
