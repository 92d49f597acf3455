import Foundation

/// Reads configuration: environment variables first, then the optional file named by
/// `NEXUS_CONFIG_FILE` (lines of `NAME=value`; `#` starts a comment). Values are never logged.
enum Environment {
    /// The variable's value, or `nil` when unset or empty in both places.
    static func value(_ name: String) -> String? {
        if let value = ProcessInfo.processInfo.environment[name], !value.isEmpty { return value }
        return fileValues[name]
    }

    /// The file's values, read once.
    private static let fileValues: [String: String] = {
        guard let path = ProcessInfo.processInfo.environment["NEXUS_CONFIG_FILE"], !path.isEmpty else { return [:] }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            FileHandle.standardError.write(Data("nexus: cannot read NEXUS_CONFIG_FILE \(path)\n".utf8))
            return [:]
        }
        return parse(text)
    }()

    /// Parses `NAME=value` lines; blank lines and `#` comments are skipped, surrounding quotes removed.
    static func parse(_ text: String) -> [String: String] {
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
