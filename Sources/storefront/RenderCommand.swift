import Foundation
import Mustache

/// `storefront render TEMPLATE [--data FILE.json] [--partials DIR]`: renders one template file to stdout.
///
/// `arguments` are the words after `render`. The output is written byte for byte, nothing appended.
/// Partials are the `*.mustache` files under DIR, named by path without the extension; without `--partials`
/// every partial renders empty, as the spec says of a missing one. Returns the exit status: 0 on success,
/// 1 when a file cannot be read or the template or data is invalid (message on stderr), 2 on bad usage.
func runRenderCommand(_ arguments: [String]) -> Int32 {
    let usage = "usage: storefront render TEMPLATE [--data FILE.json] [--partials DIR]\n"
    var templatePath: String?
    var dataPath: String?
    var partialsPath: String?
    var remaining = arguments[...]
    while let argument = remaining.popFirst() {
        switch argument {
        case "--data", "--partials":
            guard let value = remaining.popFirst() else {
                writeToStandardError("storefront render: \(argument) needs a value\n" + usage)
                return 2
            }
            if argument == "--data" { dataPath = value } else { partialsPath = value }
        case _ where argument.hasPrefix("--"):
            writeToStandardError("storefront render: unknown option \(argument)\n" + usage)
            return 2
        default:
            guard templatePath == nil else {
                writeToStandardError("storefront render: one template only\n" + usage)
                return 2
            }
            templatePath = argument
        }
    }
    guard let templatePath else {
        writeToStandardError(usage)
        return 2
    }
    do {
        let output = try renderFile(templatePath, dataPath: dataPath, partialsPath: partialsPath)
        FileHandle.standardOutput.write(Data(output.utf8))
        return 0
    } catch {
        writeToStandardError("storefront render: \(error)\n")
        return 1
    }
}

private func renderFile(_ templatePath: String, dataPath: String?, partialsPath: String?) throws(MustacheError) -> String {
    guard let templateData = FileManager.default.contents(atPath: templatePath) else {
        throw MustacheError(.unreadable(path: templatePath, reason: "no such file"), templateName: templatePath)
    }
    let name = URL(fileURLWithPath: templatePath).deletingPathExtension().lastPathComponent
    let template = try MustacheTemplate(string: String(decoding: templateData, as: UTF8.self), name: name)
    var context: MustacheValue = [:]
    if let dataPath {
        guard let json = FileManager.default.contents(atPath: dataPath) else {
            throw MustacheError(.unreadable(path: dataPath, reason: "no such file"), templateName: dataPath)
        }
        context = try MustacheValue(json: json)
    }
    let partials: MustacheLibrary
    if let partialsPath {
        partials = try MustacheLibrary(directory: partialsPath)
    } else {
        partials = try MustacheLibrary(templates: [:])
    }
    return try partials.render(template, context)
}

private func writeToStandardError(_ message: String) {
    FileHandle.standardError.write(Data(message.utf8))
}
