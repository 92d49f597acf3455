public import Foundation

/// The moments a replay can stop at: RFC 3339 times, as `nexus replay --until-time` and the
/// auditor console take them.
public enum ReplayTime {
    /// The longest time text accepted (RFC 3339 with nanoseconds and an offset is 35 characters).
    public static let maximumLength = 40

    /// Parses an RFC 3339 time such as `2026-11-27T12:00:00Z` or `2026-11-27T12:00:00.250+01:00`.
    public static func parse(_ text: String) -> Date? {
        guard text.utf8.count <= maximumLength else { return nil }
        return (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
            ?? (try? Date(text, strategy: Date.ISO8601FormatStyle()))
    }

    /// `date` as RFC 3339 with milliseconds, in UTC.
    public static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
