import Foundation

/// Compiled templates and the file modification times they were compiled from.
struct LoadedTemplates: Sendable {
    var templates: [String: CompiledTemplate] = [:]
    var modified: [String: Date] = [:]
}

/// A folder of `*.mustache` files, named by relative path without the extension.
struct TemplateFolder: Sendable {
    let path: String
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
        return try TemplateCompiler.compile(Array(data), name: name)
    }
}
