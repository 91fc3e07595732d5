import Foundation
import Storefront

// The storefront executable: parses the command line and runs one command. Everything it does
// lives in the Storefront library, so it can be tested without a process.


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
case .serve(let options):
    MallocTuning.apply()
    FileLimit.raise()
    let status = await Commands.serve(options)
    Log.flush()
    exit(status)
}
