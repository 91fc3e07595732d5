import Foundation
import Logging
import Storefront

// The storefront executable: parses the command line and runs one command. Everything it does
// lives in the Storefront library, so it can be tested without a process.

// The one logging bootstrap: every logger of this process writes lines to standard output through one writer
// thread, at STOREFRONT_LOG_LEVEL (debug, info, notice, warning or error; info when unset).
let logLevelName = ProcessInfo.processInfo.environment["STOREFRONT_LOG_LEVEL"] ?? "info"
guard let logLevel = Logger.Level(name: logLevelName) else {
    FileHandle.standardError.write(Data("storefront: STOREFRONT_LOG_LEVEL: expected debug, info, notice, warning or error, got \"\(logLevelName)\"\n".utf8))
    exit(2)
}
let logHandler = LineLogHandler(logLevel: logLevel)
LoggingSystem.bootstrap { _ in logHandler }

let command: StorefrontCommand
do {
    command = try CommandLineParser.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("storefront: \(error)\n\n\(CommandLineParser.usage)\n".utf8))
    exit(2)
}

switch command {
case .help:
    print(CommandLineParser.usage)
case .render(let arguments):
    exit(runRenderCommand(arguments))
case .plugins:
    exit(await Commands.listPlugins())
case .migrate(let options):
    exit(await Commands.migrate(options))
case .seed(let options):
    exit(await Commands.seed(options))
case .staff(let staffCommand, let options):
    exit(await Commands.staff(staffCommand, options))
case .copyDatabase(let from, let to):
    exit(await Commands.copyDatabase(from: from, to: to))
case .serve(let options):
    MallocTuning.apply()
    FileLimit.raise()
    let status = await Commands.serve(options)
    logHandler.flush()
    exit(status)
}
