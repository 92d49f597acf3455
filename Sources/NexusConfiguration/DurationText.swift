/// Durations as configuration writes them: a whole number with a unit (`500ms`, `90s`, `30m`,
/// `2h`, `7d`), or a bare number of seconds.
public enum DurationText {
    /// The duration `text` names, if it lies in `range`.
    /// - Throws: ``ConfigurationError`` naming `option` (a command-line option or a variable) otherwise.
    public static func parse(_ text: String, option: String, range: ClosedRange<Duration>) throws(ConfigurationError) -> Duration {
        let units: [(suffix: String, duration: (Int64) -> Duration)] = [
            ("ms", { .milliseconds($0) }), ("s", { .seconds($0) }), ("m", { .seconds($0 * 60) }), ("h", { .seconds($0 * 3600) }),
            ("d", { .seconds($0 * 86400) }),
        ]
        let unit = units.first { text.hasSuffix($0.suffix) }
        let digits = unit.map { String(text.dropLast($0.suffix.count)) } ?? text
        guard (1...9).contains(digits.utf8.count), digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let number = Int64(digits) else {
            throw ConfigurationError(.invalidValue, name: option, reason: "must be a whole number with ms, s, m, h or d, e.g. 30m")
        }
        let duration = unit.map { $0.duration(number) } ?? .seconds(number)
        guard range.contains(duration) else {
            throw ConfigurationError(.invalidValue, name: option, reason: "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return duration
    }
}
