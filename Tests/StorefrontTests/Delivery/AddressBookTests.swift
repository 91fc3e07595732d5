import Database
import Testing
@testable import Storefront

/// 배송지 관리: validated like sign-up (phones as digits), one default per shopper, each shopper's own.
@Suite("Address book")
struct AddressBookTests {
    @Test("an address is stored with the phone's digits, and the first one is the default", arguments: TestDatabases.engines)
    func add(engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop in
            let user = try await shop.user()
            let book = AddressBookService(database: shop.database)
            try await book.add(userId: user, form: .seoul, makeDefault: false)
            let entries = try await book.list(userId: user)
            #expect(entries.count == 1 && entries[0].isDefault && entries[0].address.phone == "01012345678")
        }
    }

    @Test("making another address the default leaves exactly one default; deleting it moves the default on",
          arguments: TestDatabases.engines)
    func oneDefault(engine: DatabaseEngine) async throws {
        try await withShop(on: engine) { shop in
            let user = try await shop.user()
            let book = AddressBookService(database: shop.database)
            let first = try await book.add(userId: user, form: .seoul, makeDefault: false)
            var busan = DeliveryForm.seoul
            busan.postalCode = "48058"
            let second = try await book.add(userId: user, form: busan, makeDefault: true)
            #expect(try await book.list(userId: user).filter(\.isDefault).map(\.id) == [second])
            try await book.delete(userId: user, id: String(second))
            #expect(try await book.list(userId: user).filter(\.isDefault).map(\.id) == [first])
        }
    }

    @Test("bad fields are refused with a message each, and nothing is saved")
    func validation() async throws {
        try await withShop { shop in
            let user = try await shop.user()
            let book = AddressBookService(database: shop.database)
            var form = DeliveryForm.seoul
            form.phone = "010-12"
            form.postalCode = "1234"
            form.line1 = "   "
            await #expect(throws: ShopError.validation([
                DeliveryAddress.phoneField: AccountRules.phoneMessage, DeliveryAddress.postalCodeField: DeliveryAddress.postalCodeMessage,
                DeliveryAddress.line1Field: DeliveryAddress.line1Message,
            ])) { try await book.add(userId: user, form: form, makeDefault: false) }
            #expect(try await book.list(userId: user).isEmpty)
        }
    }

    @Test("another shopper's address is not found to edit, delete or make default")
    func ownership() async throws {
        try await withShop { shop in
            let owner = try await shop.user(), stranger = try await shop.user("stranger")
            let book = AddressBookService(database: shop.database)
            let id = String(try await book.add(userId: owner, form: .seoul, makeDefault: false))
            await #expect(throws: ShopError.notFound(.address)) { try await book.entry(userId: stranger, id: id) }
            await #expect(throws: ShopError.notFound(.address)) { try await book.update(userId: stranger, id: id, form: .seoul, makeDefault: true) }
            await #expect(throws: ShopError.notFound(.address)) { try await book.setDefault(userId: stranger, id: id) }
            try await book.delete(userId: stranger, id: id)
            #expect(try await book.list(userId: owner).count == 1)
        }
    }

    @Test("배송 요청사항 takes a listed choice or up to 50 characters of the shopper's own")
    func deliveryRequest() {
        var errors = ValidationErrors()
        #expect(DeliveryRequest.parse(choice: "경비실에 맡겨 주세요", custom: "", into: &errors) == "경비실에 맡겨 주세요")
        #expect(DeliveryRequest.parse(choice: "custom", custom: " 초인종 누르지 말아 주세요 ", into: &errors) == "초인종 누르지 말아 주세요")
        #expect(errors.isEmpty)
        _ = DeliveryRequest.parse(choice: "custom", custom: String(repeating: "가", count: 51), into: &errors)
        #expect(errors[DeliveryRequest.customField] == DeliveryRequest.customMessage)
        _ = DeliveryRequest.parse(choice: "<script>", custom: "", into: &errors)
        #expect(errors[DeliveryRequest.choiceField] == DeliveryRequest.choiceMessage)
    }
}
