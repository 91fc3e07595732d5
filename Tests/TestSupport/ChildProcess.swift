import Foundation
import Glibc
import Synchronization

/// A program a test starts, watches and stops itself (redis-server, rabbitmq-server, chromedriver, the
/// `storefront` executable), spawned with `posix_spawn` and reaped by its PID.
///
/// Not Foundation's `Process`: on Linux its `run()` reads past a directory record while listing open
/// descriptors and now and then crashes the whole test run (swift-corelibs-foundation#5472, seen here in
/// December 2026), and its `waitUntilExit()` can hang inside an async test.
///
/// The child gets its own process group (a signal it sends its group cannot reach the tests), default signal
/// handling, an empty signal mask, /dev/null as input, none of the test process's other descriptors, and
/// its output (standard output and error together) in `outputPath`.
public final class ChildProcess: Sendable {
    public let pid: pid_t
    public let outputPath: String
    private let waitStatus = Mutex<Int32?>(nil)

    public enum SpawnError: Error, CustomStringConvertible {
        case failed(path: String, errno: Int32)
        public var description: String {
            switch self {
            case .failed(let path, let code): "posix_spawn \(path): \(String(cString: strerror(code)))"
            }
        }
    }

    /// Starts `path` with `arguments`, the test process's environment changed by `environment` (a nil value
    /// removes the variable), in `workingDirectory` if given.
    public init(_ path: String, _ arguments: [String] = [], environment: [String: String?] = [:],
                workingDirectory: String? = nil, outputPath: String = "/dev/null") throws(SpawnError) {
        var variables = ProcessInfo.processInfo.environment
        for (key, value) in environment { variables[key] = value }
        // posix_spawn has no portable chdir action; a shell changes folder, then becomes the program.
        let command = workingDirectory.map { ["/bin/sh", "-c", "cd -- \"$0\" && exec \"$@\"", $0, path] } ?? [path]
        self.outputPath = outputPath
        self.pid = try Self.spawn(command + arguments, environment: variables.map { "\($0)=\($1)" }, outputPath: outputPath)
    }

    /// Whether the child has not exited yet (reaping it once it has).
    public var isRunning: Bool { exitStatus == nil }

    /// The raw wait status once the child has exited, else nil.
    public var exitStatus: Int32? {
        waitStatus.withLock { saved in
            if saved == nil {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid { saved = status }
            }
            return saved
        }
    }

    /// The exit code of a child that exited by itself, or 128 + the signal that ended it.
    public var terminationStatus: Int32? {
        exitStatus.map { status in status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f) }
    }

    /// What the child has written so far.
    public var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    public func signal(_ signal: Int32) {
        if isRunning { kill(pid, signal) }
    }

    /// Waits until the child exits, up to `timeout`; whether it did.
    @discardableResult
    public func waitForExit(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while isRunning {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    /// SIGTERM, then SIGKILL if the child is still there after `grace`; returns once it is reaped.
    public func stop(grace: Duration = .seconds(5)) async {
        signal(SIGTERM)
        if await waitForExit(timeout: grace) { return }
        signal(SIGKILL)
        await waitForExit(timeout: .seconds(60))
    }

    private static func spawn(_ command: [String], environment: [String], outputPath: String) throws(SpawnError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Sockets of other tests must not live on in the child (a port would stay taken, a peer never see EOF).
        for fd in openDescriptors() where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = command.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, command[0], &actions, &attributes, argv, envp)
        guard result == 0 else { throw .failed(path: command[0], errno: result) }
        return pid
    }

    /// The descriptors open in this process now, from /proc/self/fd. One closed by another thread before the
    /// spawn is harmless: glibc skips a close action whose descriptor is already gone.
    private static func openDescriptors() -> [Int32] {
        guard let directory = opendir("/proc/self/fd") else { return [] }
        defer { closedir(directory) }
        let own = dirfd(directory)
        // The name is read in place up to its NUL: copying `pointee.d_name` would load all 256 bytes of a record
        // that readdir sized to its short name, past the end of glibc's buffer (the very crash of corelibs'
        // Process.run, swift-corelibs-foundation#5472).
        guard let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name) else { return [] }
        var descriptors: [Int32] = []
        while let entry = readdir(directory) {
            let name = String(cString: UnsafeRawPointer(entry).advanced(by: nameOffset).assumingMemoryBound(to: CChar.self))
            if let fd = Int32(name), fd != own { descriptors.append(fd) }
        }
        return descriptors
    }
}
