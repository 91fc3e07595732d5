import HTTP
import Mustache

/// Sign-up, sign-in and sign-out. A new session id is issued at sign-in (no fixation) and the CSRF
/// cookie is rotated with it; `next=` may only lead to a local path.
struct AccountPages: Sendable {
    let accounts: AccountService
    let sessions: SessionService
    let renderer: PageRenderer
    let cookies: SessionMiddleware

    func register(_ router: inout Router) {
        router.get("/signup") { request in
            await self.signupForm(request, kept: [:], errors: [:], next: ReturnPath.local(request.query["next"]), status: .ok)
        }
        router.post("/signup") { request in try await self.signup(request) }
        router.get("/login") { request in
            await self.loginForm(request, signupId: "", next: ReturnPath.local(request.query["next"]), message: nil, status: .ok)
        }
        router.post("/login") { request in try await self.login(request) }
        router.post("/logout") { request in try await self.logout(request) }
    }

    static let fieldNames = ["signup_id": "signupId", "password": "password", "password_confirm": "passwordConfirm",
                             "name": "name", "phone": "phone"]

    /// The sign-up form's fields in page order, for the error summary: form name, input id, label.
    static let signupFields: [PageContext.SummaryField] = [
        .init(name: "signup_id", inputId: "signup-id", label: "아이디"),
        .init(name: "password", inputId: "password", label: "비밀번호"),
        .init(name: "password_confirm", inputId: "password-confirm", label: "비밀번호 확인"),
        .init(name: "name", inputId: "name", label: "이름"),
        .init(name: "phone", inputId: "phone", label: "휴대폰 번호"),
    ] + Consent.allCases.filter(\.isRequired).map { .init(name: $0.field, inputId: "agree-" + $0.rawValue, label: "약관 동의") }

    /// The sign-up form with what was typed (never the password), a message per bad field with their summary,
    /// `alert` for what concerns the whole form, and `next` (where to go once signed up) kept for the form
    /// and the 로그인 link.
    func signupForm(_ request: Request, kept: [String: String], errors: ValidationErrors, alert: String? = nil,
                    consents: Set<Consent> = [], next: String, status: HTTPStatus) async -> Response {
        await renderer.page("pages/signup", title: "회원가입", [
            "form": .object([
                "signupId": .string(kept["signup_id"] ?? ""), "name": .string(kept["name"] ?? ""),
                "phone": .string(kept["phone"] ?? ""), "errors": PageContext.errors(errors, names: Self.fieldNames),
                "errorSummary": PageContext.errorSummary(errors, fields: Self.signupFields),
                "alert": alert.map(MustacheValue.string) ?? .null,
                "next": next == "/" ? .null : .string(next),
                "passwordRule": .string(AccountRules.passwordRule),
                "consents": Self.consents(consents, errors: errors),
            ]),
            "loginHref": .string(next == "/" ? "/login" : PageContext.loginURL(returningTo: next)),
        ], for: request, status: status)
    }

    /// The consent checkboxes (`form.consents`), ticked as they were sent, each with its error.
    static func consents(_ given: Set<Consent>, errors: ValidationErrors) -> MustacheValue {
        .object([
            "all": .bool(given.count == Consent.allCases.count),
            "items": .array(Consent.allCases.map { consent in
                .object(["name": .string(consent.rawValue), "label": .string(consent.label), "required": .bool(consent.isRequired),
                         "checked": .bool(given.contains(consent)), "textPath": consent.textPath.map(MustacheValue.string) ?? .null,
                         "error": errors[consent.field].map(MustacheValue.string) ?? .null])
            }),
        ])
    }

    func signup(_ request: Request) async throws -> Response {
        let form = try request.pageForm()
        let entered = SignupForm(signupId: form["signup_id"] ?? "", password: form["password"] ?? "",
                                 passwordConfirmation: form["password_confirm"], name: form["name"] ?? "",
                                 phone: form["phone"] ?? "", consents: Consent.given { form[$0] })
        let next = ReturnPath.local(form["next"])
        // The password is never echoed back into the page.
        let kept = ["signup_id": entered.signupId, "name": entered.name, "phone": entered.phone]
        do {
            let account = try await accounts.signUp(entered, remoteAddress: request.remoteAddress)
            return try await signedIn(account, request: request, next: next, flash: .signedUp)
        } catch let error as ShopError {
            if case .validation(let errors) = error {
                // A double-clicked 가입하기: the first click made this very account; sign the second one in too.
                if errors == [AccountRules.signupIdField: AccountRules.signupIdTakenMessage],
                   let account = await accounts.doubleSubmittedSignup(entered, remoteAddress: request.remoteAddress),
                   let response = try? await signedIn(account, request: request, next: next, flash: .signedUp) {
                    return response
                }
                return await signupForm(request, kept: kept, errors: errors, consents: entered.consents ?? [], next: next,
                                        status: .unprocessableContent)
            }
            if case .tooManySignups = error {
                return await signupForm(request, kept: kept, errors: [:], alert: error.message, consents: entered.consents ?? [],
                                        next: next, status: error.status)
            }
            throw error
        } catch {
            throw error
        }
    }

    /// The sign-in form. With a `next` other than the home page the shopper was sent here by a page that needs
    /// a signed-in shopper, and the page says so; the 회원가입 link carries `next` on through sign-up.
    func loginForm(_ request: Request, signupId: String, next: String, message: String?, status: HTTPStatus) async -> Response {
        var errors = ValidationErrors()
        if let message { errors[AccountRules.passwordField] = message }
        return await renderer.page("pages/login", title: "로그인", [
            "form": .object([
                "signupId": .string(signupId), "next": next == "/" ? .null : .string(next),
                "errors": PageContext.errors(errors, names: Self.fieldNames),
                "errorSummary": PageContext.errorSummary(errors, fields: [
                    .init(name: AccountRules.passwordField, inputId: "password", label: "비밀번호"),
                ]),
            ]),
            "signInRequired": .bool(next != "/"),
            "signupHref": .string(next == "/" ? "/signup" : "/signup?next=" + PageContext.queryEncode(next)),
        ], for: request, status: status)
    }

    func login(_ request: Request) async throws -> Response {
        let form = try request.pageForm()
        let signupId = form["signup_id"] ?? ""
        let next = ReturnPath.local(form["next"])
        do {
            let account = try await accounts.signIn(signupId: signupId, password: form["password"] ?? "",
                                                    remoteAddress: request.remoteAddress)
            return try await signedIn(account, request: request, next: next, flash: .signedIn)
        } catch let error as ShopError {
            return await loginForm(request, signupId: signupId, next: next, message: error.message, status: error.status)
        } catch {
            throw error
        }
    }

    /// Starts a fresh session (replacing any previous one) and redirects with new cookies.
    func signedIn(_ account: Account, request: Request, next: String, flash: Flash) async throws -> Response {
        let previous = request.context.session?.id
        let session = try await sessions.start(for: account, replacing: previous)
        var response = Response.redirect(to: next)
        response.setCookie(cookies.cookie(SessionMiddleware.sessionCookie, session.id, maxAge: SessionService.defaultLifetime))
        response.setCookie(cookies.cookie(SessionMiddleware.csrfCookie, SecureToken.hex(), maxAge: nil))
        response.setCookie(cookies.cookie(SessionMiddleware.flashCookie, flash.rawValue, maxAge: 60))
        return response
    }

    func logout(_ request: Request) async throws -> Response {
        if let id = request.context.session?.id { try? await sessions.end(id) }
        var response = Response.redirect(to: "/")
        response.setCookie(cookies.cookie(SessionMiddleware.sessionCookie, "", maxAge: 0))
        response.setCookie(cookies.cookie(SessionMiddleware.csrfCookie, SecureToken.hex(), maxAge: nil))
        response.setCookie(cookies.cookie(SessionMiddleware.flashCookie, Flash.signedOut.rawValue, maxAge: 60))
        return response
    }
}
