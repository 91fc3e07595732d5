import HTTP
import Mustache

/// 배송지 관리 under the account: `GET /account/addresses` (the list and a form to add one),
/// `POST /account/addresses`, `GET /account/addresses/:id/edit`, `POST /account/addresses/:id`,
/// `POST /account/addresses/:id/delete`, `POST /account/addresses/:id/default`. Every rule is `AddressBookService`'s;
/// a refused form comes back with the reasons beside the fields and what was typed.
struct AddressPages: Sendable {
    let addresses: AddressBookService
    let renderer: PageRenderer
    let cookies: SessionMiddleware

    static let fieldNames = [
        DeliveryAddress.recipientField: "recipient", DeliveryAddress.phoneField: "recipientPhone",
        DeliveryAddress.postalCodeField: "postalCode", DeliveryAddress.line1Field: "line1", DeliveryAddress.line2Field: "line2",
    ]
    static let defaultField = "make_default"

    func register(in group: inout RouterGroup<ShopperContext>) {
        group.get("/account/addresses") { request, shopper in await self.list(request, session: shopper.session) }
        group.post("/account/addresses") { request, shopper in await self.add(request, session: shopper.session) }
        group.get("/account/addresses/:id/edit") { request, shopper in await self.edit(request, session: shopper.session) }
        group.post("/account/addresses/:id") { request, shopper in await self.update(request, session: shopper.session) }
        group.post("/account/addresses/:id/delete") { request, shopper in await self.delete(request, session: shopper.session) }
        group.post("/account/addresses/:id/default") { request, shopper in await self.makeDefault(request, session: shopper.session) }
    }

    func list(_ request: Request, session: Session, form: DeliveryForm = DeliveryForm(), errors: ValidationErrors = [:],
              status: HTTPStatus = .ok) async -> Response {
        do {
            let entries = try await addresses.list(userId: session.userId)
            return await renderer.page("pages/addresses", title: "배송지 관리", [
                "hasEntries": .bool(!entries.isEmpty),
                "entries": .array(entries.map(Self.entry)),
                "form": Self.formValues(form, errors: errors, makeDefault: entries.isEmpty),
            ], for: request, status: status)
        } catch {
            return await renderer.error(error.status, message: error.message, for: request)
        }
    }

    func add(_ request: Request, session: Session) async -> Response {
        let form: Parameters
        do { form = try request.pageForm() } catch { return await renderer.error(error.status, message: error.message, for: request) }
        let typed = CheckoutPages.deliveryForm(form)
        do {
            try await addresses.add(userId: session.userId, form: typed, makeDefault: form[Self.defaultField] != nil)
            return cookies.flashRedirect("/account/addresses", .addressSaved)
        } catch {
            if case .validation(let errors) = error { return await list(request, session: session, form: typed, errors: errors, status: error.status) }
            return await renderer.error(error.status, message: error.message, for: request)
        }
    }

    func edit(_ request: Request, session: Session, form: DeliveryForm? = nil, errors: ValidationErrors = [:],
              status: HTTPStatus = .ok) async -> Response {
        do {
            let entry = try await addresses.entry(userId: session.userId, id: request.parameters["id"] ?? "")
            var values = Self.formValues(form ?? DeliveryForm(address: entry.address), errors: errors, makeDefault: entry.isDefault)
            if case .object(var fields) = values {
                fields["id"] = .int(entry.id)
                values = .object(fields)
            }
            return await renderer.page("pages/address-edit", title: "배송지 수정", ["form": values], for: request, status: status)
        } catch {
            return await renderer.error(error.status, message: error.message, for: request)
        }
    }

    func update(_ request: Request, session: Session) async -> Response {
        let form: Parameters
        do { form = try request.pageForm() } catch { return await renderer.error(error.status, message: error.message, for: request) }
        let typed = CheckoutPages.deliveryForm(form)
        do {
            try await addresses.update(userId: session.userId, id: request.parameters["id"] ?? "", form: typed,
                                       makeDefault: form[Self.defaultField] != nil)
            return cookies.flashRedirect("/account/addresses", .addressSaved)
        } catch {
            if case .validation(let errors) = error { return await edit(request, session: session, form: typed, errors: errors, status: error.status) }
            return await renderer.error(error.status, message: error.message, for: request)
        }
    }

    func delete(_ request: Request, session: Session) async -> Response {
        do {
            try await addresses.delete(userId: session.userId, id: request.parameters["id"] ?? "")
            return cookies.flashRedirect("/account/addresses", .addressDeleted)
        } catch {
            return await renderer.error(error.status, message: error.message, for: request)
        }
    }

    func makeDefault(_ request: Request, session: Session) async -> Response {
        do {
            try await addresses.setDefault(userId: session.userId, id: request.parameters["id"] ?? "")
            return cookies.flashRedirect("/account/addresses", .addressSaved)
        } catch {
            return await renderer.error(error.status, message: error.message, for: request)
        }
    }

    static func entry(_ entry: AddressBookEntry) -> MustacheValue {
        .object([
            "id": .int(entry.id), "recipient": .string(entry.address.recipient), "phoneText": .string(entry.address.phoneText),
            "addressText": .string(entry.address.singleLine), "isDefault": .bool(entry.isDefault),
        ])
    }

    /// `partials/address-fields`: the fields as typed, their errors and the 기본 배송지 box.
    static func formValues(_ form: DeliveryForm, errors: ValidationErrors, makeDefault: Bool) -> MustacheValue {
        .object([
            "recipient": .string(form.recipient), "phone": .string(form.phone),
            "postalCode": .string(TextLength.prefix(form.postalCode, 10)),
            "line1": .string(TextLength.prefix(form.line1, DeliveryAddress.maxLine1Length)),
            "line2": .string(TextLength.prefix(form.line2, DeliveryAddress.maxLine2Length)),
            "makeDefault": .bool(makeDefault),
            "errors": PageContext.errors(errors, names: fieldNames),
        ])
    }
}
