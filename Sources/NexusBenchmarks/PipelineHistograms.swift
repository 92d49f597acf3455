package import Metrics
import Synchronization

/// A swift-metrics backend that keeps the timers of the in-process services (the per-event
/// latencies of relay, projection workers and read-your-writes queries) in HdrHistograms for
/// `bench e2e`; every other metric goes nowhere. Installed beside the Prometheus backend.
package final class PipelineHistograms: MetricsFactory, Sendable {
    /// The histograms of this process.
    package static let shared = PipelineHistograms()

    private let histograms = Mutex<[String: LatencyHistogram]>([:])

    /// The histogram of the timer `label` (with `dimensions`), created empty when new.
    package func histogram(_ label: String, dimensions: [(String, String)] = []) -> LatencyHistogram {
        let key = ([label] + dimensions.map { "\($0.0)=\($0.1)" }).joined(separator: " ")
        return histograms.withLock { histograms in
            if let existing = histograms[key] { return existing }
            let created = LatencyHistogram()
            histograms[key] = created
            return created
        }
    }

    /// Empties every histogram (between the steps of a benchmark).
    package func reset() {
        for histogram in histograms.withLock({ Array($0.values) }) { histogram.reset() }
    }

    package func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        Recorder(histogram: histogram(label, dimensions: dimensions))
    }

    package func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler { NOOPMetricsHandler.instance }
    package func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        NOOPMetricsHandler.instance
    }
    package func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler { NOOPMetricsHandler.instance }
    package func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        NOOPMetricsHandler.instance
    }
    package func destroyCounter(_ handler: any CounterHandler) {}
    package func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {}
    package func destroyMeter(_ handler: any MeterHandler) {}
    package func destroyRecorder(_ handler: any RecorderHandler) {}
    package func destroyTimer(_ handler: any TimerHandler) {}

    /// A timer's handler: records into its histogram.
    private final class Recorder: TimerHandler, Sendable {
        let histogram: LatencyHistogram
        init(histogram: LatencyHistogram) { self.histogram = histogram }
        func recordNanoseconds(_ duration: Int64) { histogram.record(.nanoseconds(duration)) }
    }
}
