import Database
import Foundation

/// The shopper's 배송지 관리: list, add, edit, delete, choose the default. Form text arrives as typed.
///
/// Guarantees: every address passes `DeliveryAddress.parse` (a refusal is `.validation` keyed by its field names and
/// changes nothing); a shopper reaches only their own addresses (another's id is `.notFound(.address)`); at most
/// `AddressBookRepository.maxEntries` are kept; the default is unique and moves to the oldest one left when it is
/// deleted. Orders keep the address they were placed with, whatever happens here.
public struct AddressBookService: Sendable {
    let database: any DatabaseWriter
    let addresses = AddressBookRepository()

    public init(database: any DatabaseWriter) { self.database = database }

    static let fullMessage = "배송지는 최대 \(AddressBookRepository.maxEntries)개까지 저장할 수 있습니다. 쓰지 않는 배송지를 삭제해 주세요."

    public func list(userId: Int) async throws(ShopError) -> [AddressBookEntry] {
        try await ShopError.mapping { try await database.read { [addresses] db in try addresses.list(db, userId: userId) } }
    }

    public func entry(userId: Int, id: String) async throws(ShopError) -> AddressBookEntry {
        guard let id = FormNumber.identifier(id) else { throw .notFound(.address) }
        let found = try await ShopError.mapping { try await database.read { [addresses] db in try addresses.find(db, userId: userId, id: id) } }
        guard let found else { throw .notFound(.address) }
        return found
    }

    @discardableResult
    public func add(userId: Int, form: DeliveryForm, makeDefault: Bool) async throws(ShopError) -> Int {
        let address = try Self.validated(form)
        let addresses = self.addresses
        return try await ShopError.mapping {
            try await database.write { db -> Result<Int, ShopError> in
                guard try addresses.count(db, userId: userId) < AddressBookRepository.maxEntries else { return .failure(.conflict(Self.fullMessage)) }
                return .success(try addresses.add(db, userId: userId, address, makeDefault: makeDefault))
            }
        }.get()
    }

    public func update(userId: Int, id: String, form: DeliveryForm, makeDefault: Bool) async throws(ShopError) {
        guard let id = FormNumber.identifier(id) else { throw .notFound(.address) }
        let address = try Self.validated(form)
        let updated = try await ShopError.mapping {
            try await database.write { [addresses] db in try addresses.update(db, userId: userId, id: id, address, makeDefault: makeDefault) }
        }
        guard updated else { throw .notFound(.address) }
    }

    public func delete(userId: Int, id: String) async throws(ShopError) {
        guard let id = FormNumber.identifier(id) else { throw .notFound(.address) }
        try await ShopError.mapping { try await database.write { [addresses] db in try addresses.delete(db, userId: userId, id: id) } }
    }

    public func setDefault(userId: Int, id: String) async throws(ShopError) {
        guard let id = FormNumber.identifier(id) else { throw .notFound(.address) }
        let done = try await ShopError.mapping { try await database.write { [addresses] db in try addresses.setDefault(db, userId: userId, id: id) } }
        guard done else { throw .notFound(.address) }
    }

    static func validated(_ form: DeliveryForm) throws(ShopError) -> DeliveryAddress {
        var errors = ValidationErrors()
        guard let address = DeliveryAddress.parse(recipient: form.recipient, phone: form.phone, postalCode: form.postalCode,
                                                  line1: form.line1, line2: form.line2, into: &errors) else {
            throw .validation(errors)
        }
        return address
    }
}
