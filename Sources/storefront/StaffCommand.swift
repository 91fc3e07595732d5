import Foundation
import Glibc
import Storefront

extension Commands {
    /// `storefront staff add|list|disable`: back-office accounts from the command line. Changes are audited with
    /// no staff member as the actor and `cli` as the address.
    static func staff(_ command: StorefrontCommand.StaffCommand, _ options: StorefrontCommand.CommonOptions) async -> Int32 {
        do {
            let config = try configuration(options)
            let pool = try await DatabaseBootstrap.open(config.database, source: options.configPath ?? "storefront.json")
            let status = await run(command, StaffService(database: pool))
            await pool.close()
            return status
        } catch {
            return fail("\(error)")
        }
    }

    private static func run(_ command: StorefrontCommand.StaffCommand, _ service: StaffService) async -> Int32 {
        do {
            switch command {
            case .add(let id, let name, let role):
                guard let password = staffPassword() else {
                    return fail("no password: set STOREFRONT_STAFF_PASSWORD or run in a terminal to be asked")
                }
                do {
                    let member = try await service.add(id: id, name: name, role: role, password: password, by: nil, address: "cli")
                    print("added \(member.id) (\(member.name), \(member.role.rawValue))")
                } catch {
                    if case .validation(let errors) = error {
                        return fail(errors.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; "))
                    }
                    return fail(error.message)
                }
            case .list:
                for member in try await service.list() {
                    print("\(member.id)\t\(member.role.rawValue)\t\(member.active ? "active" : "disabled")\t\(member.name)")
                }
            case .disable(let id):
                do {
                    try await service.setActive(id: id, false, by: nil, address: "cli")
                    print("disabled \(id)")
                } catch {
                    return fail(error.message)
                }
            }
            return 0
        } catch {
            return fail("\(error)")
        }
    }

    /// `STOREFRONT_STAFF_PASSWORD`, or a line typed at the terminal with echo off (asked twice); nil when neither.
    private static func staffPassword() -> String? {
        if let password = ProcessInfo.processInfo.environment["STOREFRONT_STAFF_PASSWORD"], !password.isEmpty { return password }
        guard isatty(STDIN_FILENO) == 1 else { return nil }
        guard let first = readHidden(prompt: "password: "), let second = readHidden(prompt: "password again: ") else { return nil }
        guard first == second else {
            FileHandle.standardError.write(Data("storefront: the two passwords differ\n".utf8))
            return nil
        }
        return first
    }

    /// Reads one line from the terminal with echo turned off, restoring the terminal afterwards.
    private static func readHidden(prompt: String) -> String? {
        FileHandle.standardError.write(Data(prompt.utf8))
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return nil }
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        guard tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent) == 0 else { return nil }
        defer {
            var restore = saved
            _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &restore)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return readLine(strippingNewline: true)
    }
}
