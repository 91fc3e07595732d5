import Glibc

/// glibc malloc settings for a long-running server, applied before `serve` starts.
///
/// Every page view allocates and frees response-sized buffers (tens of KB) on many threads. With glibc's
/// defaults, freeing them keeps shrinking the per-thread arenas (madvise) and growing them again (page
/// faults): profiles of the catalog under load showed that churn as the largest single cost, and raising
/// the thresholds took the catalog from ~40k to ~63k req/s on the 2-core benchmark machine. The price is
/// that up to `trimThreshold` of freed memory per arena stays with the process instead of returning to
/// the system. An operator's `GLIBC_TUNABLES` for these settings wins.
enum MallocTuning {
    static let trimThreshold: Int32 = 64 << 20
    static let mmapThreshold: Int32 = 4 << 20

    // From <malloc.h>, which the Glibc module does not import.
    static let trimThresholdOption: Int32 = -1
    static let mmapThresholdOption: Int32 = -3

    static func apply() {
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: MallOpt.self)
        let tunables = getenv("GLIBC_TUNABLES").map { String(cString: $0) } ?? ""
        if !tunables.contains("malloc.trim_threshold") { _ = mallopt(trimThresholdOption, trimThreshold) }
        if !tunables.contains("malloc.mmap_threshold") { _ = mallopt(mmapThresholdOption, mmapThreshold) }
    }
}
