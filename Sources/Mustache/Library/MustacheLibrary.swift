import Foundation
import Synchronization

/// A named set of templates that can include one another: a site's `Templates/` folder.
///
/// Names are paths relative to the folder without the `.mustache` extension (`layout`, `pages/product`);
/// every template is a partial of every other. Templates are parsed when the library is created; with
/// `reloadOnChange` each render first checks the files' modification times and re-parses what changed
/// (or appeared), so an edit shows on the next page load. Safe to use from any number of threads.
public final class MustacheLibrary: Sendable {
    private let source: TemplateSource
    private let options: RenderOptions
    /// Size of the last render, to reserve the output buffer in one allocation next time.
    private let lastSize = Atomic<Int>(0)

    /// Loads every `*.mustache` under `directory`, recursively. With `trimmingIndentation`, each line's leading
    /// spaces and tabs are dropped from the templates' text (for HTML, where they only cost bytes; values are never
    /// touched, and compile errors still point at the files as written).
    public init(directory: String, reloadOnChange: Bool = false, strictPartials: Bool = false,
                strictVariables: Bool = false, trimmingIndentation: Bool = false) throws(MustacheError) {
        let folder = TemplateFolder(path: directory, trimsIndentation: trimmingIndentation)
        let loaded = try folder.load()
        source = reloadOnChange ? .watched(WatchedFolder(folder: folder, loaded: loaded)) : .fixed(loaded.templates)
        options = RenderOptions(strictVariables: strictVariables, strictPartials: strictPartials)
    }

    /// Parses templates given as name → source, for tests and embedded templates.
    public init(templates: [String: String], strictPartials: Bool = false, strictVariables: Bool = false) throws(MustacheError) {
        var compiled: [String: CompiledTemplate] = [:]
        for (name, text) in templates {
            compiled[name] = try TemplateCompiler.compile(Array(text.utf8), name: name)
        }
        source = .fixed(compiled)
        options = RenderOptions(strictVariables: strictVariables, strictPartials: strictPartials)
    }

    /// Names of the templates in the set, sorted.
    public var templateNames: [String] {
        (try? currentTemplates().keys.sorted()) ?? []
    }

    /// Renders template `name` against `context`.
    public func render(_ name: String, _ context: MustacheValue) throws(MustacheError) -> String {
        var bytes: [UInt8] = []
        try renderBytes(name, context, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Renders template `name` against `context` and appends the UTF-8 output to `buffer`: the fast path
    /// for HTTP responses, which never builds a `String`.
    public func renderBytes(_ name: String, _ context: MustacheValue, into buffer: inout [UInt8]) throws(MustacheError) {
        let templates = try currentTemplates()
        guard let template = templates[name] else { throw MustacheError(.unknownTemplate(name), templateName: name) }
        try render(template, context, partials: templates, into: &buffer)
    }

    /// Renders a template that is not part of the set, with the set's templates as its partials (a page
    /// previewed from a file, for instance).
    public func render(_ template: MustacheTemplate, _ context: MustacheValue) throws(MustacheError) -> String {
        var bytes: [UInt8] = []
        try render(template.compiled, context, partials: try currentTemplates(), into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private func render(_ template: CompiledTemplate, _ context: MustacheValue, partials: [String: CompiledTemplate],
                        into buffer: inout [UInt8]) throws(MustacheError) {
        var renderer = Renderer(template: template, context: context, options: options) { partials[$0] }
        swap(&renderer.out, &buffer)
        let start = renderer.out.count
        renderer.out.reserveCapacity(start + lastSize.load(ordering: .relaxed) + 1024)
        renderer.render(template.nodes)
        lastSize.store(renderer.out.count - start, ordering: .relaxed)
        swap(&renderer.out, &buffer)
        if let failure = renderer.failure { throw failure }
    }

    private func currentTemplates() throws(MustacheError) -> [String: CompiledTemplate] {
        switch source {
        case .fixed(let templates):
            return templates
        case .watched(let watched):
            return try watched.state.withLock { (loaded: inout LoadedTemplates) throws(MustacheError) -> [String: CompiledTemplate] in
                try watched.folder.refresh(&loaded)
                return loaded.templates
            }
        }
    }
}

/// Where a library's compiled templates live: fixed at creation, or re-checked against the disk.
private enum TemplateSource: Sendable {
    case fixed([String: CompiledTemplate])
    case watched(WatchedFolder)
}

/// A folder and what was last compiled from it; the lock makes concurrent renders re-check it one at a time.
private final class WatchedFolder: Sendable {
    let folder: TemplateFolder
    let state: Mutex<LoadedTemplates>

    init(folder: TemplateFolder, loaded: LoadedTemplates) {
        self.folder = folder
        self.state = Mutex(loaded)
    }
}
