import Foundation
import Mustache
import Testing

@Suite("Template libraries")
struct LibraryTests {
    /// A fresh folder of templates, removed by the caller.
    private func makeFolder(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mustache-\(UUID().uuidString)")
        for (path, text) in files {
            let file = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
        return folder
    }

    @Test("a directory is loaded recursively, named by relative path without extension")
    func loadsDirectory() throws {
        let folder = try makeFolder([
            "layout.mustache": "<main>{{$body}}{{/body}}</main>",
            "pages/product.mustache": "{{<layout}}{{$body}}{{>parts/price}}{{/body}}{{/layout}}",
            "parts/price.mustache": "{{price}}원",
            "notes.txt": "ignored",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let library = try MustacheLibrary(directory: folder.path)
        #expect(library.templateNames == ["layout", "pages/product", "parts/price"])
        #expect(try library.render("pages/product", ["price": 3000]) == "<main>3000원</main>")
    }

    @Test("trimmingIndentation drops the spaces that begin the templates' lines, never a value's")
    func trimsIndentation() throws {
        let folder = try makeFolder(["page.mustache": "<ul>\n    <li>{{name}}</li>\n\t\t<li>b</li>\n  {{#x}}\n  <p>x</p>\n  {{/x}}\n</ul>"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let library = try MustacheLibrary(directory: folder.path, trimmingIndentation: true)
        #expect(try library.render("page", ["name": "  들여쓴 이름", "x": true]) == "<ul>\n<li>  들여쓴 이름</li>\n<li>b</li>\n<p>x</p>\n</ul>")
        let untouched = try MustacheLibrary(directory: folder.path)
        #expect(try untouched.render("page", ["name": "a", "x": false]) == "<ul>\n    <li>a</li>\n\t\t<li>b</li>\n</ul>")
    }

    @Test("with trimmingIndentation a compile error still names the line and column in the file as written")
    func trimmedErrorPosition() throws {
        let folder = try makeFolder(["page.mustache": "<ul>\n      <li>{{#open}}</li>\n</ul>"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = try #require(throws: MustacheError.self) { try MustacheLibrary(directory: folder.path, trimmingIndentation: true) }
        let plain = try #require(throws: MustacheError.self) { try MustacheLibrary(directory: folder.path) }
        #expect("\(error)" == "\(plain)")
        #expect("\(error)".contains("2:"))
    }

    @Test("a missing directory is an unreadable error")
    func missingDirectory() throws {
        let error = try #require(throws: MustacheError.self) { try MustacheLibrary(directory: "/nonexistent/templates") }
        guard case .unreadable = error.kind else {
            Issue.record("expected unreadable, got \(error.kind)")
            return
        }
    }

    @Test("with reloadOnChange a changed file is used on the next render")
    func reloadsChangedFile() throws {
        let folder = try makeFolder(["page.mustache": "old {{x}}"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let library = try MustacheLibrary(directory: folder.path, reloadOnChange: true)
        #expect(try library.render("page", ["x": 1]) == "old 1")
        let file = folder.appendingPathComponent("page.mustache")
        try Data("new {{x}}".utf8).write(to: file)
        // File systems with coarse timestamps could keep the old time; move it explicitly.
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(10)], ofItemAtPath: file.path)
        #expect(try library.render("page", ["x": 1]) == "new 1")
    }

    @Test("without reloadOnChange templates stay as loaded")
    func keepsLoadedTemplates() throws {
        let folder = try makeFolder(["page.mustache": "old"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let library = try MustacheLibrary(directory: folder.path)
        let file = folder.appendingPathComponent("page.mustache")
        try Data("new".utf8).write(to: file)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(10)], ofItemAtPath: file.path)
        #expect(try library.render("page", [:]) == "old")
    }

    @Test("renderBytes appends to what the buffer already holds")
    func renderBytesAppends() throws {
        let library = try MustacheLibrary(templates: ["page": "<p>{{x}}</p>"])
        var buffer = Array("HTTP/1.1 200 OK\r\n\r\n".utf8)
        try library.renderBytes("page", ["x": "a&b"], into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "HTTP/1.1 200 OK\r\n\r\n<p>a&amp;b</p>")
    }

    @Test("a template outside the set renders with the set's partials")
    func outsideTemplateUsesPartials() throws {
        let library = try MustacheLibrary(templates: ["header": "<h1>{{title}}</h1>\n"])
        let page = try MustacheTemplate(string: "  {{>header}}body", name: "preview")
        #expect(try library.render(page, ["title": "Shop"]) == "  <h1>Shop</h1>\nbody")
    }

    @Test("concurrent renders of a reloading library all succeed")
    func concurrentRenders() async throws {
        let folder = try makeFolder(["page.mustache": "{{#items}}{{.}}{{/items}}"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let library = try MustacheLibrary(directory: folder.path, reloadOnChange: true)
        let outputs = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<16 {
                group.addTask { try library.render("page", ["items": [1, 2, 3]]) }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(outputs == Array(repeating: "123", count: 16))
    }
}
