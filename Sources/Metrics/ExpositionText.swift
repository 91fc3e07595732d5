/// Builds Prometheus text exposition format 0.0.4, line by line, and knows its lexical rules.
///
/// Guarantees: label values and HELP text are escaped as the format requires (backslash, double quote in label
/// values, newline), so no value can end a line or a label early; every line ends with `\n`.
struct ExpositionText {
    private(set) var text = ""

    mutating func header(_ name: String, help: String, type: String) {
        text += "# HELP \(name) \(Self.escapeHelp(help))\n# TYPE \(name) \(type)\n"
    }

    mutating func sample(_ name: String, _ labelNames: [String], _ labelValues: [String], extra: (String, String)? = nil,
                         value: String) {
        text += name
        if !labelNames.isEmpty || extra != nil {
            text += "{"
            var first = true
            for (labelName, labelValue) in zip(labelNames, labelValues) {
                if !first { text += "," }
                first = false
                text += "\(labelName)=\"\(Self.escapeLabelValue(labelValue))\""
            }
            if let (labelName, labelValue) = extra {
                text += "\(first ? "" : ",")\(labelName)=\"\(labelValue)\""
            }
            text += "}"
        }
        text += " \(value)\n"
    }

    mutating func histogram(_ name: String, _ labelNames: [String], _ labelValues: [String], bounds: [Double],
                            cumulative: [UInt64], sumNanoseconds: UInt64) {
        for (index, count) in cumulative.enumerated() {
            let bound = index < bounds.count ? Self.number(bounds[index]) : "+Inf"
            sample(name + "_bucket", labelNames, labelValues, extra: ("le", bound), value: String(count))
        }
        sample(name + "_sum", labelNames, labelValues, value: Self.number(Double(sumNanoseconds) / 1e9))
        sample(name + "_count", labelNames, labelValues, value: String(cumulative.last ?? 0))
    }

    /// A float as the format's parsers read it (Go's ParseFloat): `0.005`, `10`, `1e-05`.
    static func number(_ value: Double) -> String {
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value.isNaN { return "NaN" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    static func escapeLabelValue(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") })
        else { return value }
        var escaped = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    static func escapeHelp(_ help: String) -> String {
        var escaped = ""
        for character in help.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// `[a-zA-Z_:][a-zA-Z0-9_:]*`
    static func isValidMetricName(_ name: String) -> Bool {
        isName(name, extra: UInt8(ascii: ":"))
    }

    /// `[a-zA-Z_][a-zA-Z0-9_]*`, not starting with `__` (reserved for Prometheus's own labels).
    static func isValidLabelName(_ name: String) -> Bool {
        isName(name, extra: nil) && !name.hasPrefix("__")
    }

    private static func isName(_ name: String, extra: UInt8?) -> Bool {
        guard let first = name.utf8.first else { return false }
        func letter(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || byte == UInt8(ascii: "_") || byte == extra
        }
        return letter(first) && name.utf8.allSatisfy { letter($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}
