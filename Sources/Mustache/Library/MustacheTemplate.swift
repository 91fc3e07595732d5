/// One template, parsed once and rendered any number of times from any thread.
///
/// Partials come from the `partials` given to `render`; a missing partial renders empty, as the spec says. A
/// render throws only when it goes deeper than `MustacheLimits.renderDepth` (a partial or lambda that includes
/// itself), rather than return the output cut where it stopped.
/// For a set of templates loaded from a folder, with strict modes and reloading, use `MustacheLibrary`.
public struct MustacheTemplate: Sendable {
    let compiled: CompiledTemplate

    /// Parses `string`; `name` appears in error messages.
    public init(string: String, name: String = "inline") throws(MustacheError) {
        compiled = try TemplateCompiler.compile(Array(string.utf8), name: name)
    }

    init(compiled: CompiledTemplate) {
        self.compiled = compiled
    }

    /// The template's name as given at parsing.
    public var name: String { compiled.name }

    /// Renders against `context`, resolving `{{>name}}` and `{{<name}}` in `partials`.
    public func render(_ context: MustacheValue, partials: [String: MustacheTemplate] = [:]) throws(MustacheError) -> String {
        var bytes: [UInt8] = []
        try renderBytes(context, partials: partials, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Renders against `context` and appends the UTF-8 output to `buffer` (on an error, what was rendered before it).
    public func renderBytes(_ context: MustacheValue, partials: [String: MustacheTemplate] = [:],
                            into buffer: inout [UInt8]) throws(MustacheError) {
        var renderer = Renderer(template: compiled, context: context, options: RenderOptions()) {
            partials[$0]?.compiled
        }
        swap(&renderer.out, &buffer)
        renderer.render(compiled.nodes)
        swap(&renderer.out, &buffer)
        if let failure = renderer.failure { throw failure }
    }
}
