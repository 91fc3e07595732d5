import Foundation
import Glibc
import Testing
import TestSupport

/// The test-support spawner that starts the servers and programs other suites stop by PID.
@Suite("TestSupport: child processes")
struct ChildProcessTests {
    static func outputFile() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString).log").path
    }

    @Test("a child runs in the folder it is given, with the environment changed as asked, and its output lands in the file")
    func folderEnvironmentOutput() async throws {
        let output = Self.outputFile()
        defer { try? FileManager.default.removeItem(atPath: output) }
        let child = try ChildProcess("/bin/sh", ["-c", "pwd; echo \"$CHILD_GREETING\"; echo \"${HOME:-unset}\" >&2"],
                                     environment: ["CHILD_GREETING": "안녕", "HOME": nil], workingDirectory: "/tmp",
                                     outputPath: output)
        #expect(await child.waitForExit(timeout: TestHTTPClient.patience))
        #expect(child.terminationStatus == 0)
        #expect(child.output == "/tmp\n안녕\nunset\n")
    }

    @Test("a child holds none of the test process's descriptors beyond its standard three")
    func noInheritedDescriptors() async throws {
        let output = Self.outputFile()
        defer { try? FileManager.default.removeItem(atPath: output) }
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)  // not close-on-exec
        defer { close(socket) }
        let child = try ChildProcess("/bin/sh", ["-c", "ls /proc/$$/fd"], outputPath: output)
        #expect(await child.waitForExit(timeout: TestHTTPClient.patience))
        let open = child.output.split(separator: "\n").compactMap { Int($0) }
        #expect(socket > 2 && open == [0, 1, 2])
    }

    @Test("stop ends a child that ignores SIGTERM with SIGKILL and reaps it")
    func stopEscalates() async throws {
        let child = try ChildProcess("/bin/sh", ["-c", "trap '' TERM; while :; do sleep 1; done"])
        try await Task.sleep(for: .milliseconds(100))
        await child.stop(grace: .milliseconds(300))
        #expect(!child.isRunning)
        #expect(child.terminationStatus == 128 + SIGKILL)
        #expect(kill(child.pid, 0) == -1)
    }
}
