import Foundation
import TossSandbox

// The offline Toss Payments sandbox as its own process, for pointing a storefront (or curl) at it:
//   toss-sandbox [--host 127.0.0.1] [--port 8090] [--webhook URL] [--tosspay-discount 1000] [--ledger FILE]
// `storefront serve` in sandbox mode runs the same sandbox in-process, so this is only needed to
// share one sandbox between several storefront instances. With --ledger the payments are kept in that
// SQLite file (its own schema) and survive a restart; without it they live in memory.

let usage = "usage: toss-sandbox [--host HOST] [--port N] [--webhook URL] [--tosspay-discount N] [--ledger FILE]"
var configuration = SandboxConfiguration()
configuration.port = 8090
var ledgerPath: String?
var arguments = Array(CommandLine.arguments.dropFirst())
while !arguments.isEmpty {
    let flag = arguments.removeFirst()
    if flag == "--help" || flag == "-h" {
        print(usage)
        exit(0)
    }
    guard let value = arguments.first else {
        FileHandle.standardError.write(Data("toss-sandbox: \(flag) needs a value\n\(usage)\n".utf8))
        exit(2)
    }
    arguments.removeFirst()
    switch flag {
    case "--host": configuration.host = value
    case "--port" where Int(value).map({ (0...65535).contains($0) }) == true: configuration.port = Int(value) ?? 0
    case "--webhook": configuration.webhookURL = value
    case "--ledger": ledgerPath = value
    case "--tosspay-discount" where Int(value).map({ $0 >= 0 }) == true: configuration.tossPayDiscount = Int(value) ?? 0
    default:
        FileHandle.standardError.write(Data("toss-sandbox: bad argument \(flag) \(value)\n\(usage)\n".utf8))
        exit(2)
    }
}

let sandbox: TossSandbox
do {
    sandbox = try ledgerPath.map { try TossSandbox(configuration: configuration, ledgerPath: $0) } ?? TossSandbox(configuration: configuration)
    try sandbox.start()
} catch {
    FileHandle.standardError.write(Data("toss-sandbox: \(error)\n".utf8))
    exit(1)
}
print("toss-sandbox: api \(sandbox.origin)  sdk \(sandbox.sdkURL)  dashboard \(sandbox.dashboardURL)")
print("toss-sandbox: ledger \(sandbox.ledgerPath ?? "in memory (--ledger FILE keeps it)")")
print("toss-sandbox: keys \(configuration.clientKey) / test_sk_… (Toss's public test pair)")
await sandbox.runUntilTerminated()
