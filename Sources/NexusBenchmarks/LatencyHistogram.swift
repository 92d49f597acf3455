import Foundation
import Histogram
import Synchronization

/// Latencies recorded from many tasks into an HdrHistogram: microsecond resolution, three
/// significant digits, up to an hour (longer values count as an hour, negative ones as zero).
/// Percentiles are read in milliseconds.
package final class LatencyHistogram: Sendable {
    /// The longest latency told apart, in microseconds.
    static let highestMicroseconds: UInt64 = 3_600_000_000

    private let histogram = Mutex(
        Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: highestMicroseconds, numberOfSignificantValueDigits: .three))

    package init() {}

    /// Records one latency.
    package func record(_ latency: Duration) {
        let clamped = min(max(latency, .zero), .microseconds(Self.highestMicroseconds))
        _ = histogram.withLock { $0.record(UInt64(clamped / .microseconds(1))) }
    }

    /// Forgets every latency recorded so far.
    package func reset() {
        histogram.withLock { $0.reset() }
    }

    /// How many latencies were recorded.
    package var count: Int { Int(histogram.withLock { $0.totalCount }) }

    /// The latency at `percentile` (0–100) in milliseconds; 0 when nothing was recorded.
    package func milliseconds(atPercentile percentile: Double) -> Double {
        Double(histogram.withLock { $0.valueAtPercentile(percentile) }) / 1000
    }

    /// The largest latency recorded, in milliseconds (to the histogram's precision).
    package var maximumMilliseconds: Double { Double(histogram.withLock { $0.max }) / 1000 }

    /// `p50 1.2 ms  p99 3.4 ms  p99.9 5.6 ms  max 7.8 ms` for the given percentiles (`50`, `99`, `99.9`).
    package func summary(_ percentiles: [Double] = [50, 99, 99.9]) -> String {
        let parts = percentiles.map { "p\(Self.label($0)) \(String(format: "%.1f", milliseconds(atPercentile: $0))) ms" }
        return (parts + ["max \(String(format: "%.1f", maximumMilliseconds)) ms"]).joined(separator: "  ")
    }

    /// `99.9` as written, `50.0` as `50`.
    private static func label(_ percentile: Double) -> String {
        percentile == percentile.rounded() ? String(Int(percentile)) : String(percentile)
    }
}
