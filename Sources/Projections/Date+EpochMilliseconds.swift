import Foundation

extension Date {
    /// Milliseconds since 1970, truncated, computed through whole microseconds so that a time read
    /// from PostgreSQL (microseconds) and the same time sent as RFC 3339 with milliseconds (`ce_time`)
    /// give the same value. Read models store recorded times at this precision.
    var epochMilliseconds: Int64 {
        let microseconds = Int64((timeIntervalSince1970 * 1_000_000).rounded())
        return microseconds >= 0 ? microseconds / 1000 : (microseconds - 999) / 1000
    }
}
