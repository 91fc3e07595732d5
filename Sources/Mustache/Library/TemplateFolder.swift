import Foundation

/// Compiled templates and the file modification times they were compiled from.
struct LoadedTemplates: Sendable {
    var templates: [String: CompiledTemplate] = [:]
    var modified: [String: Date] = [:]
}

/// A folder of `*.mustache` files, named by relative path without the extension.
struct TemplateFolder: Sendable {
    let path: String
    /// Whether each line's leading spaces and tabs are dropped from the templates' own text (never from values).
    var trimsIndentation = false
    static let fileExtension = ".mustache"

    func load() throws(MustacheError) -> LoadedTemplates {
        var loaded = LoadedTemplates()
        try refresh(&loaded)
        return loaded
    }

    /// Re-parses files whose modification time changed, adds new ones and drops deleted ones.
    func refresh(_ loaded: inout LoadedTemplates) throws(MustacheError) {
        let files = try listFiles()
        for (name, file) in files {
            let modified = modificationDate(of: file)
            if loaded.templates[name] != nil, let modified, loaded.modified[name] == modified { continue }
            loaded.templates[name] = try compile(file, name: name)
            loaded.modified[name] = modified
        }
        for name in loaded.templates.keys where files[name] == nil {
            loaded.templates[name] = nil
            loaded.modified[name] = nil
        }
    }

    private func listFiles() throws(MustacheError) -> [String: String] {
        let root = URL(fileURLWithPath: path).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw MustacheError(.unreadable(path: path, reason: "not a directory"), templateName: path)
        }
        guard let enumerator = FileManager.default.enumerator(atPath: root) else {
            throw MustacheError(.unreadable(path: path, reason: "cannot list"), templateName: path)
        }
        var files: [String: String] = [:]
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(Self.fileExtension) else { continue }
            files[String(relative.dropLast(Self.fileExtension.count))] = root + "/" + relative
        }
        return files
    }

    private func modificationDate(of file: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: file))?[.modificationDate] as? Date
    }

    private func compile(_ file: String, name: String) throws(MustacheError) -> CompiledTemplate {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw MustacheError(.unreadable(path: file, reason: "cannot read file"), templateName: name)
        }
        let bytes = Array(data)
        // Compiled as written first, so an error names the line and column in the file.
        let compiled = try TemplateCompiler.compile(bytes, name: name)
        guard trimsIndentation else { return compiled }
        return (try? TemplateCompiler.compile(Self.trimmingIndentation(bytes), name: name)) ?? compiled
    }

    /// `source` without the spaces and tabs that begin its lines: HTML collapses them anyway, and a page's
    /// indentation was a fifth of its bytes.
    static func trimmingIndentation(_ source: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(source.count)
        var atLineStart = true
        for byte in source {
            if atLineStart && (byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")) { continue }
            atLineStart = byte == UInt8(ascii: "\n")
            out.append(byte)
        }
        return out
    }
}
