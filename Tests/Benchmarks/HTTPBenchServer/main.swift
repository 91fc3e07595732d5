import Foundation
import HTTP

// A minimal server for Tests/Benchmarks/http-bench.sh and pipeline-memory.sh: `/healthz` answers "ok" through the
// real router, `/24k` a 24 KB body (the size of Public/css/app.css).
let port = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 18080 : 18080
var router = Router()
router.get("/healthz") { _ in .text("ok") }
let body24k = [UInt8](repeating: UInt8(ascii: "x"), count: 24 * 1024)
router.get("/24k") { _ in Response(status: .ok, body: body24k) }
let server = HTTPServer(configuration: ServerConfiguration(port: port), handler: router.handler)
do {
    let bound = try server.start()
    print("http-bench-server listening on 127.0.0.1:\(bound)")
    await server.runUntilTerminated()
} catch {
    print("http-bench-server: \(error)")
    exit(1)
}
