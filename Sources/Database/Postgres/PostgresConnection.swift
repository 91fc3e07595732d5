import CPostgres
import Glibc

/// One connection to a PostgreSQL server: the single owner of its `PGconn`, closed in `deinit`.
///
/// Statements are prepared once per connection and SQL text (`PQprepare`, then `PQexecPrepared`), with
/// the `?` parameters rewritten to `$n` and every argument bound, never spliced into the text: integers
/// as int8, doubles as float8, text as text (all in text format), bytes as bytea (binary format), NULL
/// with its type left to the server. A statement is cached per parameter-type signature too, because a
/// prepared statement's parameter types are fixed when it is prepared. `statement_timeout` is the session
/// default from the configuration, so `RESET` returns to it.
///
/// Opened `readOnlyByDefault` (the pool's connections), every statement outside `BEGIN READ WRITE` is read-only
/// (`default_transaction_read_only`): a read then runs in autocommit, one round trip a query instead of
/// `BEGIN READ ONLY`, the query and `COMMIT`, with the same guarantee and the same per-statement snapshots READ
/// COMMITTED gives inside a transaction. `transaction` always says `READ ONLY` or `READ WRITE`.
///
/// Not thread-safe: `PostgresPool` lends it to one closure on one of its threads at a time. The
/// `@unchecked Sendable` exists so the pool can keep it on that thread.
public final class PostgresConnection: DatabaseConnection, @unchecked Sendable {
    /// Always `.postgres`.
    public var engine: DatabaseEngine { .postgres }
    private let handle: OpaquePointer
    private var statements: [String: (name: String, parameters: Int)] = [:]
    /// Set while the pool lends the connection to a read: a transaction opened then would escape read-only.
    var lentForReading = false

    /// Connects as `configuration.url` says. Throws `.connectionLost` with libpq's reason (which names the
    /// host and user, never the password) when the server cannot be reached or refuses the login.
    public init(configuration: PostgresConfiguration, readOnlyByDefault: Bool = false) throws(DatabaseError) {
        let url = configuration.url
        var parameters: [(String, String)] = [
            ("host", url.host), ("port", String(url.port)), ("user", url.user), ("dbname", url.database),
            ("connect_timeout", String(configuration.connectTimeoutSeconds)),
            ("client_encoding", "UTF8"), ("application_name", "storefront"),
            // Custom plans always: after five runs PostgreSQL may switch a prepared statement to one generic plan
            // that cannot see the bound values, and for a rare search term it then walks the newest-first index
            // filtering every name (45 ms instead of 1 at 100k products, catalog-scale). Parsing stays cached.
            ("options", "-c statement_timeout=\(configuration.statementTimeoutMilliseconds) -c plan_cache_mode=force_custom_plan"
                + (readOnlyByDefault ? " -c default_transaction_read_only=on" : "")),
        ]
        if let password = url.password { parameters.append(("password", password)) }
        if let sslMode = url.sslMode { parameters.append(("sslmode", sslMode)) }
        guard let connection = Self.connect(parameters) else {
            throw DatabaseError(kind: .connectionLost, message: "cannot connect to \(url): out of memory")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = PostgresError.connectionMessage(connection)
            PQfinish(connection)
            throw DatabaseError(kind: .connectionLost, message: "cannot connect to \(url): \(message)")
        }
        handle = connection
        // Notices (`table … does not exist, skipping`) would go to stderr; nothing here needs them.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
    }

    deinit { PQfinish(handle) }

    private static func connect(_ parameters: [(String, String)]) -> OpaquePointer? {
        var keys = parameters.map { strdup($0.0) }
        var values = parameters.map { strdup($0.1) }
        defer {
            keys.forEach { free($0) }
            values.forEach { free($0) }
        }
        keys.append(nil)
        values.append(nil)
        return keys.withUnsafeBufferPointer { keyBuffer in
            values.withUnsafeBufferPointer { valueBuffer in
                keyBuffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { keyPointers in
                    valueBuffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { valuePointers in
                        PQconnectdbParams(keyPointers.baseAddress, valuePointers.baseAddress, 0)
                    }
                }
            }
        }
    }

    /// Whether the connection to the server is gone; the pool replaces such a connection on its next use.
    public var isBroken: Bool { givenUp || PQstatus(handle) != CONNECTION_OK }
    private var givenUp = false

    /// Makes the pool drop this connection after its current use (its session is no longer as the pool set it).
    func markBroken() { givenUp = true }

    /// The server's backend process id, which `pg_terminate_backend` takes.
    public var backendProcessID: Int32 { PQbackendPID(handle) }

    @discardableResult
    public func execute(_ sql: String, _ arguments: [any SQLBindable]) throws(DatabaseError) -> Int {
        try run(sql, arguments).changedRows
    }

    public func query<T>(_ sql: String, _ arguments: [any SQLBindable],
                         _ transform: (borrowing Row) throws(DatabaseError) -> T) throws(DatabaseError) -> [T] {
        let result = try run(sql, arguments)
        var values: [T] = []
        values.reserveCapacity(result.rowCount)
        for index in 0..<result.rowCount {
            result.row = Int32(index)
            values.append(try transform(Row(source: result)))
        }
        return values
    }

    public func queryOne<T>(_ sql: String, _ arguments: [any SQLBindable],
                            _ transform: (borrowing Row) throws(DatabaseError) -> T) throws(DatabaseError) -> T? {
        let result = try run(sql, arguments)
        guard result.rowCount > 0 else { return nil }
        return try transform(Row(source: result))
    }

    /// Runs a script of several statements through the simple-query protocol (no parameters possible).
    public func executeScript(_ sql: String) throws(DatabaseError) {
        try simple(sql)
    }

    public var isInTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    /// A SAVEPOINT inside a transaction; outside one, a transaction of its own (PostgreSQL has no
    /// savepoint outside a transaction block).
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        guard isInTransaction else { return try transaction(body) }
        return try withSavepointStatements(body)
    }

    /// Runs `body` in `BEGIN … COMMIT` (`BEGIN READ ONLY` when asked), rolling back when it throws.
    /// Not reentrant: inside a transaction it refuses, since a silent savepoint would hide who owns the commit.
    public func transaction<T>(readOnly: Bool = false, _ body: () throws -> T) throws -> T {
        guard !isInTransaction else {
            throw DatabaseError(kind: .other, message: "a transaction is already open; nest with savepoint")
        }
        guard readOnly || !lentForReading else {
            throw DatabaseError(kind: .other, message: "a read cannot open a read-write transaction")
        }
        try simple(readOnly ? "BEGIN READ ONLY" : "BEGIN READ WRITE")
        do {
            let value = try body()
            try simple("COMMIT")
            return value
        } catch {
            rollbackAfterFailure()
            throw error
        }
    }

    /// Rolls back a transaction left open (a failed body, a failed COMMIT); the caller rethrows the real error.
    func rollbackAfterFailure() {
        if isInTransaction { _ = try? simple("ROLLBACK") }
    }

    /// One statement or script without parameters, through the simple-query protocol.
    func simple(_ sql: String) throws(DatabaseError) {
        let result = PQexec(handle, sql)
        try check(result, sql: sql)
        PQclear(result)
    }

    private func check(_ result: OpaquePointer?, sql: String) throws(DatabaseError) {
        let status = result.map(PQresultStatus) ?? PGRES_FATAL_ERROR
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY else {
            let error = PostgresError.from(result: result, connection: handle, sql: sql)
            PQclear(result)
            throw error
        }
    }

    private func run(_ sql: String, _ arguments: [any SQLBindable]) throws(DatabaseError) -> PostgresResult {
        let parameters = try PostgresParameters(arguments.map(\.sqlValue))
        let key = parameters.signature.isEmpty ? sql : sql + "\u{0}" + parameters.signature
        let statement = try prepared(key: key, sql: sql, types: parameters.types)
        guard statement.parameters == arguments.count else {
            throw DatabaseError(kind: .other, message: "statement expects \(statement.parameters) arguments, got \(arguments.count)", sql: sql)
        }
        let result = parameters.withCParameters { values, lengths, formats in
            PQexecPrepared(handle, statement.name, Int32(arguments.count), values, lengths, formats, 0)
        }
        try check(result, sql: sql)
        guard let result else { throw PostgresError.from(result: nil, connection: handle, sql: sql) }
        return PostgresResult(handle: result, sql: sql)
    }

    private func prepared(key: String, sql: String, types: [UInt32]) throws(DatabaseError) -> (name: String, parameters: Int) {
        if let statement = statements[key] { return statement }
        let (text, count) = PostgresPlaceholders.rewrite(sql)
        guard count == types.count else {
            throw DatabaseError(kind: .other, message: "statement expects \(count) arguments, got \(types.count)", sql: sql)
        }
        let name = "s\(statements.count + 1)"
        let result = types.withUnsafeBufferPointer { typeBuffer in
            PQprepare(handle, name, text, Int32(count), typeBuffer.baseAddress)
        }
        try check(result, sql: sql)
        PQclear(result)
        statements[key] = (name, count)
        return (name, count)
    }
}
