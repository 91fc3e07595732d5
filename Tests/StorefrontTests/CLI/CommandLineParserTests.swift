import Testing
@testable import Storefront

@Suite("storefront command line")
struct CommandLineParserTests {
    @Test("no arguments means serve with defaults")
    func defaultIsServe() throws {
        #expect(try CommandLineParser.parse([]) == .serve(.init()))
    }

    @Test("serve takes config, port and database, in either flag form")
    func serveFlags() throws {
        let parsed = try CommandLineParser.parse(["serve", "--config", "a.json", "--port=9000", "--database", "x.sqlite"])
        #expect(parsed == .serve(.init(configPath: "a.json", port: 9000, databasePath: "x.sqlite")))
    }

    @Test("flags without a subcommand are serve's")
    func bareFlagsServe() throws {
        #expect(try CommandLineParser.parse(["--port", "81"]) == .serve(.init(port: 81)))
    }

    @Test("migrate and seed take the database path")
    func migrateAndSeed() throws {
        #expect(try CommandLineParser.parse(["migrate", "--database", "d"]) == .migrate(.init(databasePath: "d")))
        #expect(try CommandLineParser.parse(["seed", "--database", "d"]) == .seed(.init(databasePath: "d")))
    }

    @Test("render passes its arguments through")
    func renderPassThrough() throws {
        #expect(try CommandLineParser.parse(["render", "t.mustache", "--data", "d.json"])
                == .render(arguments: ["t.mustache", "--data", "d.json"]))
    }

    @Test("help is recognised in its usual spellings", arguments: ["--help", "-h", "help"])
    func help(_ flag: String) throws {
        #expect(try CommandLineParser.parse([flag]) == .help)
    }

    @Test("bad command lines are usage errors", arguments: [
        ["frobnicate"], ["serve", "--port"], ["serve", "--port", "abc"], ["serve", "--port", "99999"],
        ["serve", "--verbose"], ["migrate", "--port", "80"], ["plugins", "extra"], ["serve", "--config", "--port"],
    ])
    func usageErrors(_ arguments: [String]) {
        #expect(throws: UsageError.self) { try CommandLineParser.parse(arguments) }
    }
}
