import Foundation

/// Files of `NAME=value` lines: the configuration file's plain format and librdkafka property files.
public enum KeyValueLines {
    /// The pairs of `text`: blank lines and `#` comments are skipped, whitespace around names and
    /// values trimmed, one pair of surrounding quotes (`"` or `'`) removed; empty values are left out.
    public static func parse(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") else { continue }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == value.last, first == "\"" || first == "'" {
                value = String(value.dropFirst().dropLast())
            }
            if !name.isEmpty && !value.isEmpty { values[name] = value }
        }
        return values
    }
}
