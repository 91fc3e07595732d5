import Foundation

/// Checks text against the Prometheus text exposition format 0.0.4, independently of the code that renders it:
/// the line grammar (HELP, TYPE, samples with escaped label values), TYPE before a family's samples and at most
/// once, a family's samples together, no duplicate series, histograms with ascending `le` ending in `+Inf`,
/// non-decreasing cumulative counts and `_count` equal to the `+Inf` bucket.
public enum MetricsTextValidator {
    /// One parsed sample line.
    public struct Sample: Equatable, Sendable {
        public var name: String
        public var labels: [String: String]
        public var value: Double
    }

    /// Every rule the text breaks, as readable sentences; empty when the text is valid.
    public static func problems(in text: String) -> [String] {
        parse(text).problems
    }

    /// The samples of a valid text (the problems are reported by `problems(in:)`).
    public static func samples(in text: String) -> [Sample] {
        parse(text).samples
    }

    private static func parse(_ text: String) -> (samples: [Sample], problems: [String]) {
        var problems: [String] = []
        var samples: [Sample] = []
        if !text.isEmpty && !text.hasSuffix("\n") { problems.append("the text does not end with a newline") }
        var types: [String: String] = [:]
        var helps: Set<String> = []
        var finished: Set<String> = []
        var current: String?
        var series: Set<String> = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().enumerated() {
            let where_ = "line \(number + 1)"
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
                guard parts.count >= 3, parts[1] == "HELP" || parts[1] == "TYPE" else { continue } // a comment
                let name = parts[2]
                guard isMetricName(name) else { problems.append("\(where_): invalid metric name \(name)"); continue }
                if parts[1] == "HELP" {
                    if !helps.insert(name).inserted { problems.append("\(where_): second HELP for \(name)") }
                    if parts.count == 4, !validHelp(parts[3]) { problems.append("\(where_): bad escape in HELP") }
                } else {
                    guard parts.count == 4, ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[3]) else {
                        problems.append("\(where_): TYPE without a known type"); continue
                    }
                    if types[name] != nil { problems.append("\(where_): second TYPE for \(name)") }
                    if finished.contains(name) || current == name { problems.append("\(where_): TYPE for \(name) after its samples") }
                    types[name] = parts[3]
                }
                continue
            }
            guard let sample = parseSample(Substring(line)) else { problems.append("\(where_): not a sample line: \(line)"); continue }
            let family = familyName(of: sample.name, types: types)
            guard types[family] != nil else { problems.append("\(where_): sample of \(family) before its TYPE"); continue }
            if current != family {
                if let current { finished.insert(current) }
                if finished.contains(family) { problems.append("\(where_): samples of \(family) are not together") }
                current = family
            }
            let key = sample.name + "{" + sample.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + "}"
            if !series.insert(key).inserted { problems.append("\(where_): duplicate series \(key)") }
            samples.append(sample)
        }
        problems += histogramProblems(samples, types: types)
        return (samples, problems)
    }

    private static func familyName(of sample: String, types: [String: String]) -> String {
        for suffix in ["_bucket", "_sum", "_count"] where sample.hasSuffix(suffix) {
            let base = String(sample.dropLast(suffix.count))
            if types[base] == "histogram" || types[base] == "summary" { return base }
        }
        return sample
    }

    private static func histogramProblems(_ samples: [Sample], types: [String: String]) -> [String] {
        var problems: [String] = []
        for (name, type) in types where type == "histogram" {
            var buckets: [String: [(le: Double, count: Double)]] = [:]
            var counts: [String: Double] = [:]
            for sample in samples {
                var labels = sample.labels
                let le = labels.removeValue(forKey: "le")
                let key = labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
                if sample.name == name + "_bucket" {
                    guard let le, let bound = Double(le == "+Inf" ? "inf" : le) else {
                        problems.append("\(name): a bucket without a numeric le"); continue
                    }
                    buckets[key, default: []].append((bound, sample.value))
                } else if sample.name == name + "_count" {
                    counts[key] = sample.value
                } else if sample.name == name {
                    problems.append("\(name): a histogram sample without _bucket, _sum or _count")
                }
            }
            for (key, list) in buckets {
                if list.last?.le != .infinity { problems.append("\(name){\(key)}: the last bucket is not +Inf") }
                for (earlier, later) in zip(list, list.dropFirst()) {
                    if !(earlier.le < later.le) { problems.append("\(name){\(key)}: le not ascending") }
                    if earlier.count > later.count { problems.append("\(name){\(key)}: cumulative counts decrease") }
                }
                if counts[key] != list.last?.count { problems.append("\(name){\(key)}: _count differs from the +Inf bucket") }
            }
        }
        return problems
    }

    /// `name{label="value",…} value [timestamp]`
    private static func parseSample(_ line: Substring) -> Sample? {
        var rest = line[...]
        let name = String(rest.prefix { $0 != "{" && $0 != " " })
        guard isMetricName(name) else { return nil }
        rest = rest.dropFirst(name.count)
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while rest.first != "}" {
                let labelName = String(rest.prefix { $0 != "=" })
                guard isLabelName(labelName), labels[labelName] == nil else { return nil }
                rest = rest.dropFirst(labelName.count)
                guard rest.hasPrefix("=\"") else { return nil }
                rest = rest.dropFirst(2)
                var value = ""
                while true {
                    guard let character = rest.first else { return nil }
                    rest = rest.dropFirst()
                    if character == "\"" { break }
                    if character == "\\" {
                        switch rest.first {
                        case "\\": value.append("\\")
                        case "\"": value.append("\"")
                        case "n": value.append("\n")
                        default: return nil
                        }
                        rest = rest.dropFirst()
                    } else {
                        value.append(character)
                    }
                }
                labels[labelName] = value
                if rest.first == "," { rest = rest.dropFirst() } else if rest.first != "}" { return nil }
            }
            rest = rest.dropFirst()
        }
        guard rest.first == " " else { return nil }
        let fields = rest.dropFirst().split(separator: " ", omittingEmptySubsequences: false)
        guard (1...2).contains(fields.count), let value = number(fields[0]) else { return nil }
        if fields.count == 2, Int64(fields[1]) == nil { return nil }
        return Sample(name: name, labels: labels, value: value)
    }

    private static func number(_ text: Substring) -> Double? {
        switch text {
        case "+Inf": .infinity
        case "-Inf": -.infinity
        case "NaN": .nan
        default: text.allSatisfy({ "0123456789.eE+-".contains($0) }) ? Double(text) : nil
        }
    }

    private static func validHelp(_ text: String) -> Bool {
        var escaping = false
        for character in text {
            if escaping {
                guard character == "\\" || character == "n" else { return false }
                escaping = false
            } else if character == "\\" {
                escaping = true
            }
        }
        return !escaping
    }

    private static func isMetricName(_ name: String) -> Bool { name.wholeMatch(of: /[a-zA-Z_:][a-zA-Z0-9_:]*/) != nil }
    private static func isLabelName(_ name: String) -> Bool { name.wholeMatch(of: /[a-zA-Z_][a-zA-Z0-9_]*/) != nil && !name.hasPrefix("__") }
}
