/// The storefront command line, parsed by hand (no packages): a subcommand and its flags.
/// Parsing never exits the process; the executable decides what to print and which status to return.
public enum StorefrontCommand: Equatable, Sendable {
    case serve(CommonOptions)
    case migrate(CommonOptions)
    case seed(CommonOptions)
    case plugins
    /// `copy-database --from sqlite:PATH --to postgres://…`
    case copyDatabase(from: String, to: String)
    case render(arguments: [String])
    /// `staff add ID --name NAME --role owner|operator`, `staff list`, `staff disable ID`
    case staff(StaffCommand, CommonOptions)
    case help

    /// What `storefront staff` does. The password is never an argument (see the executable's `staff add`).
    public enum StaffCommand: Equatable, Sendable {
        case add(id: String, name: String, role: StaffRole)
        case list
        case disable(id: String)
    }

    /// Flags shared by the commands that open the configuration and the database.
    public struct CommonOptions: Equatable, Sendable {
        public var configPath: String?
        public var port: Int?
        public var databasePath: String?
        public init(configPath: String? = nil, port: Int? = nil, databasePath: String? = nil) {
            self.configPath = configPath
            self.port = port
            self.databasePath = databasePath
        }
    }
}

/// A command line that cannot be understood; `message` says which argument and why.
public struct UsageError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

public enum CommandLineParser {
    public static let usage = """
    usage: storefront [COMMAND] [OPTIONS]

    commands:
      serve      run the shop (the default)
      migrate    apply database migrations and exit
      seed       load the demo catalog and demo account (idempotent) and exit
      render     render a Mustache template: render TEMPLATE [--data FILE.json] [--partials DIR]
      plugins    list the registered payment, cache and queue plugins
      copy-database --from sqlite:PATH --to postgres://user:password@host:port/db
                 copy a SQLite shop into an empty PostgreSQL database and exit
      staff      back-office accounts: staff add ID --name NAME --role owner|operator
                 (password from STOREFRONT_STAFF_PASSWORD or asked without echo), staff list, staff disable ID
      help       show this text

    options (serve, migrate, seed, staff):
      --config FILE      configuration file (default: ./storefront.json if present)
      --port N           listen port, overrides server.port (serve only)
      --database PATH    SQLite file, overrides database.path

    environment:
      STOREFRONT_PORT, STOREFRONT_DATABASE   override the same settings
      STOREFRONT_DATABASE_URL                the PostgreSQL URL (database.url)
      TOSS_SECRET_KEY, TOSS_CLIENT_KEY       Toss keys for live mode (never put them in the file)
    """

    /// Parses the arguments after the program name.
    public static func parse(_ arguments: [String]) throws(UsageError) -> StorefrontCommand {
        guard let first = arguments.first else { return .serve(.init()) }
        if first == "--help" || first == "-h" || first == "help" { return .help }
        if first.hasPrefix("-") { return .serve(try options(arguments, allowPort: true)) }
        let rest = Array(arguments.dropFirst())
        switch first {
        case "serve": return .serve(try options(rest, allowPort: true))
        case "migrate": return .migrate(try options(rest, allowPort: false))
        case "seed": return .seed(try options(rest, allowPort: false))
        case "plugins":
            guard rest.isEmpty else { throw UsageError("plugins takes no arguments") }
            return .plugins
        case "render": return .render(arguments: rest)
        case "copy-database": return try copyDatabase(rest)
        case "staff": return try staff(rest)
        default: throw UsageError("unknown command '\(first)'")
        }
    }

    private static func options(_ arguments: [String], allowPort: Bool) throws(UsageError) -> StorefrontCommand.CommonOptions {
        var result = StorefrontCommand.CommonOptions()
        var index = 0
        func value(for flag: String) throws(UsageError) -> String {
            index += 1
            guard index < arguments.count, !arguments[index].hasPrefix("--") else { throw UsageError("\(flag) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            // Accept both `--flag value` and `--flag=value`.
            let (flag, inline) = splitInline(argument)
            func take() throws(UsageError) -> String {
                if let inline { return inline }
                return try value(for: flag)
            }
            switch flag {
            case "--config": result.configPath = try take()
            case "--database": result.databasePath = try take()
            case "--port" where allowPort:
                let text = try take()
                guard let port = Int(text), (0...65535).contains(port) else {
                    throw UsageError("--port expects a number from 0 to 65535, got '\(text)'")
                }
                result.port = port
            default: throw UsageError("unknown option '\(argument)'")
            }
            index += 1
        }
        return result
    }

    private static func staff(_ arguments: [String]) throws(UsageError) -> StorefrontCommand {
        guard let action = arguments.first else { throw UsageError("staff needs add, list or disable") }
        var rest = Array(arguments.dropFirst())
        /// Takes `--flag value` or `--flag=value` out of `rest`.
        func take(_ flag: String) throws(UsageError) -> String? {
            for (index, argument) in rest.enumerated() {
                if argument.hasPrefix(flag + "=") {
                    rest.remove(at: index)
                    return String(argument.dropFirst(flag.count + 1))
                }
                if argument == flag {
                    guard index + 1 < rest.count else { throw UsageError("\(flag) needs a value") }
                    let value = rest[index + 1]
                    rest.removeSubrange(index...(index + 1))
                    return value
                }
            }
            return nil
        }
        switch action {
        case "add":
            let name = try take("--name"), roleName = try take("--role")
            guard let name, !name.isEmpty else { throw UsageError("staff add needs --name NAME") }
            guard let roleName, let role = StaffRole(rawValue: roleName) else {
                throw UsageError("staff add needs --role owner or --role operator")
            }
            guard let id = rest.first, !id.hasPrefix("-") else { throw UsageError("staff add needs an ID") }
            if rest.contains(where: { $0 == "--password" || $0.hasPrefix("--password=") }) {
                throw UsageError("a password is never an argument: set STOREFRONT_STAFF_PASSWORD or type it when asked")
            }
            return .staff(.add(id: id, name: name, role: role), try options(Array(rest.dropFirst()), allowPort: false))
        case "list":
            return .staff(.list, try options(rest, allowPort: false))
        case "disable":
            guard let id = rest.first, !id.hasPrefix("-") else { throw UsageError("staff disable needs an ID") }
            return .staff(.disable(id: id), try options(Array(rest.dropFirst()), allowPort: false))
        default:
            throw UsageError("unknown staff command '\(action)': expected add, list or disable")
        }
    }

    private static func copyDatabase(_ arguments: [String]) throws(UsageError) -> StorefrontCommand {
        var from: String?
        var to: String?
        var index = 0
        while index < arguments.count {
            var (flag, value) = splitInline(arguments[index])
            if value == nil, index + 1 < arguments.count {
                index += 1
                value = arguments[index]
            }
            guard let value else { throw UsageError("\(flag) needs a value") }
            switch flag {
            case "--from": from = value
            case "--to": to = value
            default: throw UsageError("unknown option '\(flag)'")
            }
            index += 1
        }
        guard let from, from.hasPrefix("sqlite:"), from.count > "sqlite:".count else {
            throw UsageError("copy-database needs --from sqlite:PATH")
        }
        // The URL itself is checked when the copy starts, so its password is never echoed here.
        guard let to, to.hasPrefix("postgres://") || to.hasPrefix("postgresql://") else {
            throw UsageError("copy-database needs --to postgres://user:password@host:port/dbname")
        }
        return .copyDatabase(from: String(from.dropFirst("sqlite:".count)), to: to)
    }

    private static func splitInline(_ argument: String) -> (String, String?) {
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }
}
