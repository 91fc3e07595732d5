// libFuzzer target: the Mustache compiler and renderer (compiled into the Mustache module by Tests/Fuzz/fuzz.sh).
// Any text either compiles and renders, or fails with a located error; it never traps. The template is also its own
// partial, so a template that includes itself is tried.

private let context: MustacheValue = [
    "a": ["b": "<b>", "c": [1, 2]], "list": [["name": "사과"], ["name": "배"]], "name": "홍길동", "x": true,
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMustacheCompiler(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let template = try MustacheTemplate(string: text, name: "fuzz")
        _ = try template.render(context, partials: ["self": template, "a": template])
    } catch {
        precondition(error.line >= 1 && error.column >= 1, "an error without a place: \(error)")
    }
    return 0
}
