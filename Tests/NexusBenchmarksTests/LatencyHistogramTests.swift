import NexusBenchmarks
import Testing

@Suite("Latency histogram")
struct LatencyHistogramTests {
    @Test("percentiles of 1 to 1000 ms, to three significant digits")
    func percentiles() {
        let histogram = LatencyHistogram()
        for millisecond in 1...1000 { histogram.record(.milliseconds(millisecond)) }
        #expect(histogram.count == 1000)
        #expect(abs(histogram.milliseconds(atPercentile: 50) - 500) <= 0.5)
        #expect(abs(histogram.milliseconds(atPercentile: 99) - 990) <= 1)
        #expect(abs(histogram.milliseconds(atPercentile: 99.9) - 999) <= 1)
        #expect(abs(histogram.maximumMilliseconds - 1000) <= 1)
    }

    @Test("a latency below zero counts as zero, one beyond an hour as an hour")
    func clamped() {
        let histogram = LatencyHistogram()
        histogram.record(.milliseconds(-5))
        histogram.record(.seconds(Int64.max))
        #expect(histogram.count == 2)
        #expect(histogram.milliseconds(atPercentile: 0) == 0)
        #expect(abs(histogram.maximumMilliseconds - 3_600_000) <= 3_600)
    }

    @Test("the summary names each percentile and the maximum")
    func summary() {
        let histogram = LatencyHistogram()
        histogram.record(.microseconds(1500))
        #expect(histogram.summary() == "p50 1.5 ms  p99 1.5 ms  p99.9 1.5 ms  max 1.5 ms")
        #expect(LatencyHistogram().summary([50]) == "p50 0.0 ms  max 0.0 ms")
    }
}
