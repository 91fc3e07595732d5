// Compiled with the HTTP module's sources and SHA256.swift by Tests/Benchmarks/upload-stream.sh (one module, -O).
// Prints SHA-256 throughput, then serves /stream (a streamed body, hashed piece by piece) and /whole (the same
// body read whole under maxBodyBytes) on the port given, until stdin closes.
import Foundation
import Glibc

@main
struct UploadStreamBench {
    static func main() async throws {
        let piece = [UInt8](repeating: 0xA5, count: 64 * 1024)
        var hasher = SHA256()
        // CPU time, not wall time: the machine is shared, and a loaded one stretches wall time, not work.
        let started = clock()
        for _ in 0..<(256 * 16) { hasher.update(piece) }
        _ = hasher.finalize()
        let seconds = Double(clock() - started) / Double(CLOCKS_PER_SEC)
        say(String(format: "sha256: 256 MiB in %.2f s of CPU, %.0f MiB/s", seconds, 256 / seconds))

        var router = Router()
        router.on(.POST, "/stream", streamingBodyUpTo: 1 << 30) { request in
            var hasher = SHA256(), total = 0
            try await request.readBody { hasher.update($0); total += $0.count }
            return .text("\(total) \(hasher.finalize().prefix(4).map { String($0, radix: 16) }.joined())")
        }
        router.post("/whole") { request in
            var hasher = SHA256()
            hasher.update(request.body)
            return .text("\(request.body.count) \(hasher.finalize().prefix(4).map { String($0, radix: 16) }.joined())")
        }
        var configuration = ServerConfiguration(port: Int(CommandLine.arguments[1]) ?? 18120, eventLoops: 1, maxBodyBytes: 1 << 30)
        configuration.streamedBodyLimit = router.streamedBodyLimit
        let server = HTTPServer(configuration: configuration, handler: router.handler)
        _ = try server.start()
        say("listening")
        while readLine() != nil {}
        await server.shutdown()
    }
}

/// One line to stdout at once (unbuffered), so the script sees it while the server runs.
private func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
