import Testing
@testable import Storefront

@Suite("storefront staff command line")
struct StaffCommandLineTests {
    @Test("staff add takes an id, a name and a role, with the database options, in either flag form")
    func add() throws {
        let parsed = try CommandLineParser.parse(["staff", "add", "kim", "--name", "김 소유", "--role=owner", "--database", "x.sqlite"])
        #expect(parsed == .staff(.add(id: "kim", name: "김 소유", role: .owner), .init(databasePath: "x.sqlite")))
    }

    @Test("staff list and staff disable ID")
    func listAndDisable() throws {
        #expect(try CommandLineParser.parse(["staff", "list"]) == .staff(.list, .init()))
        #expect(try CommandLineParser.parse(["staff", "disable", "lee", "--config", "a.json"]) == .staff(.disable(id: "lee"), .init(configPath: "a.json")))
    }

    @Test("a password is never taken as an argument", arguments: [
        ["staff", "add", "kim", "--name", "김", "--role", "owner", "--password", "secret123"],
        ["staff", "add", "kim", "--name", "김", "--role", "owner", "--password=secret123"],
    ])
    func noPasswordArgument(arguments: [String]) {
        #expect(throws: UsageError.self) { try CommandLineParser.parse(arguments) }
    }

    @Test("a missing or unknown role, a missing name or id, and an unknown action are usage errors", arguments: [
        ["staff", "add", "kim", "--name", "김"],
        ["staff", "add", "kim", "--name", "김", "--role", "admin"],
        ["staff", "add", "kim", "--role", "owner"],
        ["staff", "add", "--name", "김", "--role", "owner"],
        ["staff", "disable"],
        ["staff", "remove", "kim"],
        ["staff"],
    ])
    func usageErrors(arguments: [String]) {
        #expect(throws: UsageError.self) { try CommandLineParser.parse(arguments) }
    }
}
