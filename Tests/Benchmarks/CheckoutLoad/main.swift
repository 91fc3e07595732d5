// checkout-load: many shoppers buying at once through the real server and the offline Toss sandbox, then an
// audit of the ledger: stock, orders, payments and event effects must add up exactly. Prints orders/s, the
// time from 주문하기 to the receipt, and each audit rule with its violations (exit 1 if any).
// Run: swift run -c release checkout-load [shoppers] [attempts per shopper] [products] [stock per product]
//      (default: 48 10 8 100 — more units wanted than there are, so the last ones are fought over)
// Server, sandbox and shoppers share this process and its cores; the shoppers' client polls its sockets, which
// adds up to a millisecond or two per request to the figures.
import Foundation
import Storefront
import TestSupport

let arguments = CommandLine.arguments.dropFirst().map { Int($0) }
guard arguments.allSatisfy({ ($0 ?? 0) > 0 }) else {
    FileHandle.standardError.write(Data("usage: checkout-load [shoppers] [attempts per shopper] [products] [stock per product]\n".utf8))
    exit(2)
}
func argument(_ index: Int, _ fallback: Int) -> Int { index < arguments.count ? arguments[index] ?? fallback : fallback }
let shopperCount = argument(0, 48), attempts = argument(1, 10), productCount = argument(2, 8), stock = argument(3, 100)

let products = (1..<productCount).map { index in
    NewProduct(name: "부하 상품 \(index)", price: 1_000 * (index + 3) + 900, category: "식품", country: "대한민국",
               manufacturer: "한빛식품", quantity: stock)
}

var failed = false
try await withLiveShop(stock: stock, extraProducts: products) { live in
    let crowd = try await LoadCrowd.run(live, shoppers: shopperCount, attempts: attempts, refundEvery: 5)
    let tally = crowd.tally, elapsed = crowd.seconds

    let times = tally.purchaseSeconds.sorted()
    func percentile(_ p: Double) -> String {
        guard !times.isEmpty else { return "-" }
        return String(format: "%.1f ms", times[min(times.count - 1, Int(Double(times.count) * p))] * 1_000)
    }
    print("checkout-load: \(shopperCount) shoppers x \(attempts) attempts, \(productCount) products x \(stock) units")
    print(String(format: "  %d paid (%d then refunded), %d canceled in the window, %d refused (stock), %d unexpected in %.2f s",
                 tally.paid, tally.refunded, tally.canceledInWindow, tally.refused, tally.unexpected.count, elapsed))
    print(String(format: "  %.1f paid orders/s; 주문하기 -> receipt p50 %@, p99 %@", Double(tally.paid) / elapsed,
                 percentile(0.5), percentile(0.99)))
    for problem in tally.unexpected.prefix(10) { print("  unexpected: \(problem)") }
    print("audit:")
    for finding in try await crowd.audit(live) {
        print("  \(finding.violations == 0 ? "ok  " : "FAIL") \(finding.rule)\(finding.violations == 0 ? "" : " (\(finding.violations))")")
        if finding.violations != 0 { failed = true }
    }
    if !tally.unexpected.isEmpty { failed = true }
}
exit(failed ? 1 : 0)
