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
        var text: [UInt8] = []
        text.reserveCapacity(27)
        append(date, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends ``format(_:)``'s text to `text`, written digit by digit (the relay writes one per
    /// event); years outside 1583...9999 go through Foundation's formatter.
    public static func append(_ date: Date, to text: inout [UInt8]) {
        let micros = microseconds(date)
        let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        let fraction = micros - seconds * 1_000_000
        guard appendCivil(seconds: seconds, fraction: fraction, digits: 6, to: &text) else {
            text += Array(Date(timeIntervalSince1970: Double(seconds)).formatted(wholeSeconds).utf8.dropLast())
            text.append(UInt8(ascii: "."))
            appendDigits(fraction, count: 6, to: &text)
            text.append(UInt8(ascii: "Z"))
            return
        }
    }

    /// Appends the text `Date.ISO8601FormatStyle(includingFractionalSeconds: true)` gives,
    /// byte for byte: UTC with milliseconds truncated from the `Double` since 2001 (so a time held
    /// as `.2819998…` prints `.281`, as Foundation prints it). `nexus export` writes this form.
    public static func appendMilliseconds(_ date: Date, to text: inout [UInt8]) {
        let sinceReference = date.timeIntervalSinceReferenceDate
        let whole = sinceReference.rounded(.down)
        let milliseconds = Int64(((sinceReference - whole) * 1000).rounded(.down))
        guard whole.magnitude < 1e15, appendCivil(seconds: Int64(whole) + secondsFrom1970To2001, fraction: milliseconds, digits: 3, to: &text) else {
            text += Array(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)).utf8)
            return
        }
    }

    private static let secondsFrom1970To2001: Int64 = 978_307_200

    /// Appends `yyyy-MM-ddTHH:mm:ss.` `fraction` in `digits` digits and `Z` for `seconds` since
    /// 1970 in UTC (civil date from days, Gregorian calendar); `false`, having appended nothing,
    /// for a year outside 1583...9999 (Foundation's calendar is Julian before October 1582).
    private static func appendCivil(seconds: Int64, fraction: Int64, digits: Int, to text: inout [UInt8]) -> Bool {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        guard (1583...9999).contains(year) else { return false }
        appendDigits(year, count: 4, to: &text)
        text.append(UInt8(ascii: "-"))
        appendDigits(month, count: 2, to: &text)
        text.append(UInt8(ascii: "-"))
        appendDigits(day, count: 2, to: &text)
        text.append(UInt8(ascii: "T"))
        appendDigits(secondOfDay / 3_600, count: 2, to: &text)
        text.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 3_600 / 60, count: 2, to: &text)
        text.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 60, count: 2, to: &text)
        text.append(UInt8(ascii: "."))
        appendDigits(fraction, count: digits, to: &text)
        text.append(UInt8(ascii: "Z"))
        return true
    }

    /// Appends the last `count` decimal digits of `value` (≥ 0), zero-padded.
    private static func appendDigits(_ value: Int64, count: Int, to text: inout [UInt8]) {
        let start = text.count
        text.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: count))
        var rest = value
        var index = start + count - 1
        while index >= start {
            text[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            index -= 1
        }
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
