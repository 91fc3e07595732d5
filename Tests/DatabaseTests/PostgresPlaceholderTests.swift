@testable import Database
import Testing

@Suite("PostgreSQL placeholders")
struct PostgresPlaceholderTests {
    @Test("? becomes $n in SQL proper and stays text inside literals, identifiers and comments", arguments: [
        ("SELECT ?", "SELECT $1", 1),
        ("a = ? AND b = ?", "a = $1 AND b = $2", 2),
        ("SELECT '?', ?", "SELECT '?', $1", 1),
        ("SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1", 1),
        ("SELECT E'\\'?', ?", "SELECT E'\\'?', $1", 1),
        ("SELECT \"col?\" FROM t WHERE x = ?", "SELECT \"col?\" FROM t WHERE x = $1", 1),
        ("SELECT ? -- why?\n, ?", "SELECT $1 -- why?\n, $2", 2),
        ("SELECT /* a /* ? */ ? */ ?", "SELECT /* a /* ? */ ? */ $1", 1),
        ("SELECT $$?$$, $tag$ ? $tag$, ?", "SELECT $$?$$, $tag$ ? $tag$, $1", 1),
        ("SELECT 'unterminated ?", "SELECT 'unterminated ?", 0),
        ("SELECT '우산?', ?", "SELECT '우산?', $1", 1),
    ])
    func rewrite(sql: String, expected: String, count: Int) {
        let rewritten = PostgresPlaceholders.rewrite(sql)
        #expect(rewritten.sql == expected)
        #expect(rewritten.count == count)
    }

    @Test("a URL's password never appears in its description", arguments: [
        "postgres://shop:hunter2pw@db:5432/shop", "postgresql://shop:hunter2pw@[::1]/shop?sslmode=require",
    ])
    func urlDescription(text: String) throws {
        let url = try PostgresURL(parsing: text)
        #expect(!url.description.contains("hunter2pw"))
        #expect(url.description.contains("***"))
    }
}
