// checkout-load: many shoppers buying at once through the real server and the offline Toss sandbox, then an
// audit of the ledger: stock, orders, payments and event effects must add up exactly. Prints orders/s, the
// time from 주문하기 to the receipt, and each audit rule with its violations (exit 1 if any).
// Run: swift run -c release checkout-load [shoppers] [attempts per shopper] [products] [stock per product]
//      (default: 48 10 8 100 — more units wanted than there are, so the last ones are fought over)
// Server, sandbox and shoppers share this process and its cores; the shoppers' client polls its sockets, which
// adds up to a millisecond or two per request to the figures.
//
// Against shops already running (Tests/Benchmarks/scale-out.sh): `--through http://127.0.0.1:PORT` sends the
// shoppers there (one instance, or nginx in front of several), `--config FILE` is the storefront.json the
// instances share (the audit and the sign-ups use its database; the products are added to it), and
// `--sandbox-port N` is where this process runs the Toss sandbox the instances confirm with (live mode,
// `payments.toss.apiBase`). `--events FILE` writes one line per receipt (`paid EPOCH`) and per unexpected
// answer (`error EPOCH`), for the timeline around a killed instance. The audit then holds the shop's orders
// against the sandbox's payments, since a kill may cut answers off before they reach a shopper.
import Database
import Foundation
import Storefront
import TestSupport
import TossSandbox

func usage() -> Never {
    FileHandle.standardError.write(Data("""
        usage: checkout-load [shoppers] [attempts per shopper] [products] [stock per product]
               [--through URL --config FILE --sandbox-port N [--events FILE] [--settle-seconds N]]

        """.utf8))
    exit(2)
}

/// The positive numbers in order, and the `--name value` options.
func parse(_ arguments: [String]) -> (numbers: [Int], options: [String: String]) {
    var numbers: [Int] = [], options: [String: String] = [:], rest = arguments
    while let first = rest.first {
        rest.removeFirst()
        if first.hasPrefix("--") {
            guard let value = rest.first else { usage() }
            rest.removeFirst()
            options[String(first.dropFirst(2))] = value
        } else {
            guard let number = Int(first), number > 0 else { usage() }
            numbers.append(number)
        }
    }
    return (numbers, options)
}
let (numbers, options) = parse(Array(CommandLine.arguments.dropFirst()))
guard Set(options.keys).isSubset(of: ["through", "config", "sandbox-port", "events", "settle-seconds"]) else { usage() }
func argument(_ index: Int, _ fallback: Int) -> Int { index < numbers.count ? numbers[index] : fallback }
let shopperCount = argument(0, 48), attempts = argument(1, 10), productCount = argument(2, 8), stock = argument(3, 100)

let products = (1..<productCount).map { index in
    NewProduct(name: "부하 상품 \(index)", price: 1_000 * (index + 3) + 900, category: "식품", country: "대한민국",
               manufacturer: "한빛식품", quantity: stock)
}

func report(_ crowd: LoadCrowd, findings: [LedgerAudit.Finding], through: String?) -> Bool {
    let tally = crowd.tally, elapsed = crowd.seconds
    let times = tally.purchaseSeconds.sorted()
    func percentile(_ p: Double) -> String {
        guard !times.isEmpty else { return "-" }
        return String(format: "%.1f ms", times[min(times.count - 1, Int(Double(times.count) * p))] * 1_000)
    }
    print("checkout-load: \(shopperCount) shoppers x \(attempts) attempts, \(productCount) products x \(stock) units"
          + (through.map { " through \($0)" } ?? ""))
    print(String(format: "  %d paid (%d then refunded), %d canceled in the window, %d refused (stock), %d unexpected in %.2f s",
                 tally.paid, tally.refunded, tally.canceledInWindow, tally.refused, tally.unexpected.count, elapsed))
    print(String(format: "  %.1f paid orders/s; 주문하기 -> receipt p50 %@, p99 %@", Double(tally.paid) / elapsed,
                 percentile(0.5), percentile(0.99)))
    // One line each: a proxy's 502 page would otherwise fill the screen.
    for problem in tally.unexpected.prefix(10) { print("  unexpected: \(problem.prefix { $0 != "\n" })") }
    print("audit:")
    var clean = true
    for finding in findings {
        print("  \(finding.violations == 0 ? "ok  " : "FAIL") \(finding.rule)\(finding.violations == 0 ? "" : " (\(finding.violations))")")
        if finding.violations != 0 { clean = false }
    }
    return clean
}

/// The crowd against shops running elsewhere: adds the products to their database, runs the sandbox here.
func runThrough(_ through: String) async throws -> Bool {
    guard let url = URL(string: through), let shopPort = url.port, let configPath = options["config"],
          let sandboxPort = options["sandbox-port"].flatMap(Int.init) else { usage() }
    let config = try ConfigLoader.load(path: configPath, required: true)
    let database = try await DatabaseBootstrap.open(config.database)
    let catalog = CatalogRepository()
    let inserted = try await database.write { db in try products.map { try catalog.insert(db, $0) } }
    var settings = SandboxConfiguration()
    settings.port = sandboxPort
    // A deposit webhook cut off by the kill is sent again a second later, not a minute.
    settings.webhookRetryUnit = .seconds(1)
    settings.webhookURL = through + "/payments/toss/webhook"
    let sandbox = TossSandbox(configuration: settings)
    try sandbox.start()
    let target = LoadTarget(shopPort: shopPort, sandbox: sandbox, database: database, productId: inserted.first?.id ?? 1)
    let crowd = try await LoadCrowd.run(target, shoppers: shopperCount, attempts: attempts, refundEvery: 5)
    if let events = options["events"] {
        let lines = crowd.tally.paidAt.map { String(format: "paid %.3f", $0) } + crowd.tally.unexpectedAt.map { String(format: "error %.3f", $0) }
        try Data(lines.joined(separator: "\n").appending("\n").utf8).write(to: URL(fileURLWithPath: events))
    }
    let settle = options["settle-seconds"].flatMap(Int.init) ?? 150
    let findings = try await crowd.auditThroughOutage(target, settleWithin: .seconds(settle))
    let clean = report(crowd, findings: findings, through: through)
    await sandbox.shutdown()
    await database.close()
    return clean
}

var failed = false
if let through = options["through"] {
    failed = !(try await runThrough(through))
} else {
    try await withLiveShop(stock: stock, extraProducts: products) { live in
        let crowd = try await LoadCrowd.run(live, shoppers: shopperCount, attempts: attempts, refundEvery: 5)
        if !report(crowd, findings: try await crowd.audit(live), through: nil) || !crowd.tally.unexpected.isEmpty { failed = true }
    }
}
exit(failed ? 1 : 0)
