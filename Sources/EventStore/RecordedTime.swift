public import Foundation

/// Recorded times as text, exactly: RFC 3339 in UTC with microseconds (PostgreSQL's
/// `timestamptz` precision), e.g. `2026-12-04T19:55:18.282000Z`. Formatting goes through whole
/// microseconds, rounded (a `Date` is a `Double`: `.282` may be held as `.28199999…`, which a
/// formatter that truncates would print as `.281`), so `format` and `parse` round-trip every
/// time PostgreSQL can record, and a time sent as text (`ce_time`) reads back as the time read
/// from the store.
public enum RecordedTime {
    /// The time in whole microseconds since 1970, rounded.
    public static func microseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// `yyyy-MM-ddTHH:mm:ss.ffffffZ`.
    public static func format(_ date: Date) -> String {
        let micros = microseconds(date)
        let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        let fraction = micros - seconds * 1_000_000
        let whole = Date(timeIntervalSince1970: Double(seconds)).formatted(wholeSeconds)
        let digits = String(fraction)
        return "\(whole.dropLast()).\(String(repeating: "0", count: 6 - digits.count))\(digits)Z"
    }

    /// Parses RFC 3339 with up to nine fractional digits (beyond six are dropped) and a `Z` or
    /// numeric offset; `nil` for anything else.
    public static func parse(_ text: String) -> Date? {
        guard let dot = text.firstIndex(of: "."), text[..<dot].contains("T") else {
            return (try? wholeSeconds.parse(text)).map { Date(timeIntervalSince1970: $0.timeIntervalSince1970.rounded()) }
        }
        let digits = text[text.index(after: dot)...].prefix { $0.isASCII && $0.isNumber }
        guard (1...9).contains(digits.count), let base = try? wholeSeconds.parse(String(text[..<dot]) + text[digits.endIndex...]) else {
            return nil
        }
        let micros = Int64(digits.prefix(6) + String(repeating: "0", count: max(0, 6 - digits.count)))!
        return Date(timeIntervalSince1970: Double(Int64(base.timeIntervalSince1970.rounded()) * 1_000_000 + micros) / 1_000_000)
    }

    private static let wholeSeconds = Date.ISO8601FormatStyle(includingFractionalSeconds: false, timeZone: .gmt)
}
