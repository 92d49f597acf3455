import Foundation
import Projections
import Relay

/// A stage of the path from an append to a read of it, as the in-process services time it per
/// event (swift-metrics timers kept by ``PipelineHistograms``).
struct PipelineStage {
    /// What the line says.
    let name: String
    /// The timer's label and dimensions.
    let label: String
    var dimensions: [(String, String)] = []
    /// How the stage is bounded, printed after the figures.
    let note: String

    /// The stages of `bench e2e`'s path (stock receipts read from the stock projection), in order.
    static let e2e: [PipelineStage] = [
        PipelineStage(
            name: "append → relay read", label: RelayMetrics.readDelay,
            note: "from the append transaction's start (recorded_at) to the relay handing the event to the producer"),
        PipelineStage(name: "relay → broker ack", label: RelayMetrics.delivery, note: "handed to the producer → delivery report"),
        PipelineStage(
            name: "produced → worker", label: ProjectionLatencies.takeDelay, dimensions: [("projection", "stock")],
            note: "Kafka create time (whole ms) → the stock worker took it in a batch"),
        PipelineStage(
            name: "worker → committed", label: ProjectionLatencies.apply, dimensions: [("projection", "stock")],
            note: "batch taken → its transaction committed"),
        PipelineStage(
            name: "commit → answer", label: ProjectionCommits.commitToAnswer,
            note: "latest projection commit → a waiting read found its position (waiting reads only)"),
    ]

    /// One line per stage with the events it timed since the histograms were last reset; nil
    /// when no stage timed any (the server runs in another process).
    static func report() -> String? {
        let histograms = e2e.map { PipelineHistograms.shared.histogram($0.label, dimensions: $0.dimensions) }
        guard histograms.contains(where: { $0.count > 0 }) else { return nil }
        let lines = zip(e2e, histograms).map { stage, histogram in
            "  \(stage.name.padding(toLength: 20, withPad: " ", startingAt: 0))\(histogram.summary())   (\(histogram.count) events; \(stage.note))"
        }
        return (["pipeline stages, per event (in-process timers):"] + lines).joined(separator: "\n")
    }
}
