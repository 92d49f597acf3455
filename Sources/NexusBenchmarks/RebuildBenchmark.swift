package import EventStorePostgres
import Foundation
package import Projections

/// `nexus bench rebuild`: synthetic catalog and inventory events, a plain read of them all, and
/// the rebuild rates as ratios to that read.
package enum RebuildBenchmark {
    /// One rebuild's rate and its ratio to the plain read.
    package static func rateLine(of report: RebuildReport, label: String, readRate: Double) -> String {
        let rate = Double(report.eventsRead) / report.elapsedSeconds
        return "\(label.padding(toLength: 14, withPad: " ", startingAt: 0))  \(report.eventsRead) events "
            + "(\(report.eventsApplied) applied) in \(String(format: "%.1f", report.elapsedSeconds)) s: "
            + "\(String(format: "%.0f", rate)) events/s, ratio to read all \(String(format: "%.3f", rate / readRate))"
    }

    /// Reads the whole store in pages of `pageSize`; returns the events read and the seconds it took.
    package static func readEverything(_ store: PostgresEventStore, pageSize: Int) async throws -> (Int, Double) {
        let start = ContinuousClock.now
        var position: Int64 = 0
        var count = 0
        while true {
            let page = try await store.readAll(after: position, limit: pageSize)
            guard let last = page.last else { break }
            count += page.count
            position = last.position
        }
        return (count, (ContinuousClock.now - start).seconds)
    }
}
