import Mustache

/// The error compiling `source` as template `name` throws, or `nil` when it compiles.
func compileError(_ source: String, name: String = "page") -> MustacheError? {
    do {
        _ = try MustacheTemplate(string: source, name: name)
        return nil
    } catch {
        return error
    }
}
