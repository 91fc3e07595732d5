/// The router's routes arranged by path segment, so a request is matched in one walk down its own path instead
/// of against every route (with a few hundred routes, the linear match was a tenth of a cheap request's cost).
///
/// Guarantees the same choice as ranking every matching route: at each segment a literal beats a parameter beats
/// a final `*`; at the node a path ends on, the request's own method beats answering HEAD with GET; for one method
/// and pattern shape the first route added wins. Built once, read concurrently.
struct RouteTree: Sendable {
    /// One position in the path: what may follow it, and the routes that end here.
    private struct Node: Sendable {
        var literals: [Substring: Node] = [:]
        /// The node after a `:name` segment (the names live on the routes: two patterns may name it differently).
        var parameter: [Node] = []
        /// Routes whose pattern ends at this node, by method: the first added for each.
        var ending: [HTTPMethod: Int] = [:]
        /// Routes whose pattern ends with `*` after this node (the rest of the path, zero or more segments).
        var rest: [HTTPMethod: Int] = [:]
    }

    /// A route as the tree knows it: its place in the router's list and its parameter names in path order.
    struct Entry: Sendable {
        let routeIndex: Int
        let parameterNames: [String]
        let hasRest: Bool
    }

    /// The route chosen for a path, with its parameters.
    struct Match: Sendable {
        let routeIndex: Int
        let parameters: [String: String]
    }

    private var root = Node()
    private var entries: [Entry] = []

    /// Adds route `routeIndex` with its pattern's segments (`literal`, `:name`, or a final `*`).
    mutating func add(routeIndex: Int, method: HTTPMethod, segments: [RouteSegment]) {
        var names: [String] = []
        var hasRest = false
        Self.insert(into: &root, segments[...], method: method, entry: entries.count, names: &names, hasRest: &hasRest)
        entries.append(Entry(routeIndex: routeIndex, parameterNames: names, hasRest: hasRest))
    }

    private static func insert(into node: inout Node, _ segments: ArraySlice<RouteSegment>, method: HTTPMethod, entry: Int,
                               names: inout [String], hasRest: inout Bool) {
        guard let first = segments.first else {
            if node.ending[method] == nil { node.ending[method] = entry }
            return
        }
        switch first {
        case .rest:
            hasRest = true
            if node.rest[method] == nil { node.rest[method] = entry }
        case .literal(let literal):
            insert(into: &node.literals[Substring(literal), default: Node()], segments.dropFirst(), method: method, entry: entry,
                   names: &names, hasRest: &hasRest)
        case .parameter(let name):
            names.append(name)
            if node.parameter.isEmpty { node.parameter.append(Node()) }
            insert(into: &node.parameter[0], segments.dropFirst(), method: method, entry: entry, names: &names, hasRest: &hasRest)
        }
    }

    /// The most specific route for `method` on the path made of `parts`, or nil.
    func match(_ method: HTTPMethod, _ parts: [Substring]) -> Match? {
        var values: [Substring] = []
        guard let (entryIndex, restFrom) = Self.find(method, parts, 0, in: root, values: &values) else { return nil }
        let entry = entries[entryIndex]
        var parameters: [String: String] = [:]
        for (name, value) in zip(entry.parameterNames, values) { parameters[name] = String(value) }
        if entry.hasRest { parameters["*"] = parts[min(restFrom, parts.count)...].joined(separator: "/") }
        return Match(routeIndex: entry.routeIndex, parameters: parameters)
    }

    /// Depth first in precedence order (literal, parameter, rest), so the first route found is the most specific.
    private static func find(_ method: HTTPMethod, _ parts: [Substring], _ index: Int, in node: Node,
                             values: inout [Substring]) -> (entry: Int, restFrom: Int)? {
        if index == parts.count {
            if let found = pick(method, node.ending) { return (found, index) }
        } else {
            if let child = node.literals[parts[index]], let found = find(method, parts, index + 1, in: child, values: &values) {
                return found
            }
            if let child = node.parameter.first {
                values.append(parts[index])
                if let found = find(method, parts, index + 1, in: child, values: &values) { return found }
                values.removeLast()
            }
        }
        return pick(method, node.rest).map { ($0, index) }
    }

    /// The request's own method, or GET for a HEAD without a HEAD route of its own.
    private static func pick(_ method: HTTPMethod, _ routes: [HTTPMethod: Int]) -> Int? {
        if let exact = routes[method] { return exact }
        return method == .HEAD ? routes[.GET] : nil
    }

    /// Every route index whose pattern matches the path, whatever its method (for a 405's `Allow`).
    func routesMatching(_ parts: [Substring]) -> [Int] {
        var found: [Int] = []
        Self.collect(parts, 0, in: root, into: &found)
        return found.map { entries[$0].routeIndex }
    }

    private static func collect(_ parts: [Substring], _ index: Int, in node: Node, into found: inout [Int]) {
        found.append(contentsOf: node.rest.values)
        guard index < parts.count else {
            found.append(contentsOf: node.ending.values)
            return
        }
        if let child = node.literals[parts[index]] { collect(parts, index + 1, in: child, into: &found) }
        if let child = node.parameter.first { collect(parts, index + 1, in: child, into: &found) }
    }
}

/// One `/`-separated part of a route pattern.
enum RouteSegment: Sendable, Equatable {
    case literal(String)
    case parameter(String)
    case rest
}
