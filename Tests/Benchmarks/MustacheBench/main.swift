import Foundation
import Mustache

// Usage: mustache-bench [CATALOG_FOLDER] [SECONDS]
//        mustache-bench --lines [LINES]      compile time of ~5 MB of plain text in LINES lines, and in one line
//        mustache-bench --nesting DEPTH      time and peak memory of DEPTH nested sections (see ScaleRuns)
//        mustache-bench --blocks DEPTH       compile time of DEPTH nested indented blocks around 30,000 lines
// Renders ../shared/peers/catalog (catalog.mustache with its partials, all 200 products of data.json) for
// SECONDS and prints renders/s and MB/s: the same page and context as the peers' swift-mustache benchmark.
// SECONDS = 0 prints the rendered page instead, to compare it with another engine's.
let arguments = CommandLine.arguments
if arguments.count > 1, arguments[1] == "--lines" {
    ScaleRuns.lines(arguments.count > 2 ? Int(arguments[2]) ?? 300_000 : 300_000)
    exit(0)
}
if arguments.count > 1, arguments[1] == "--blocks" {
    ScaleRuns.blocks(arguments.count > 2 ? Int(arguments[2]) ?? 256 : 256)
    exit(0)
}
if arguments.count > 1, arguments[1] == "--nesting" {
    ScaleRuns.nesting(arguments.count > 2 ? Int(arguments[2]) ?? 6_000 : 6_000)
    exit(0)
}
let folder = arguments.count > 1 ? arguments[1] : "../shared/peers/catalog"
let seconds = arguments.count > 2 ? Double(arguments[2]) ?? 5 : 5

do {
    let library = try MustacheLibrary(directory: folder + "/templates")
    guard let json = FileManager.default.contents(atPath: folder + "/data.json") else {
        print("mustache-bench: cannot read \(folder)/data.json")
        exit(1)
    }
    let context = try MustacheValue(json: json)

    var buffer: [UInt8] = []
    try library.renderBytes("catalog", context, into: &buffer)
    let pageSize = buffer.count
    if seconds == 0 {
        FileHandle.standardOutput.write(Data(buffer))
        exit(0)
    }
    var renders = 0
    let clock = ContinuousClock()
    let start = clock.now
    let deadline = start + .milliseconds(Int(seconds * 1000))
    while clock.now < deadline {
        for _ in 0..<10 {
            buffer.removeAll(keepingCapacity: true)
            try library.renderBytes("catalog", context, into: &buffer)
        }
        renders += 10
    }
    let elapsed = clock.now - start
    let elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let rate = Double(renders) / elapsedSeconds
    let megabytes = rate * Double(pageSize) / 1_000_000
    print("storefront Mustache, JSON context: \(Int(rate)) renders/s, \(String(format: "%.1f", megabytes)) MB/s, "
        + "\(pageSize) bytes/render, 200 products")
} catch {
    print("mustache-bench: \(error)")
    exit(1)
}
