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

    /// Rates of alternating plain reads of the whole store and its COPY reference.
    package struct ReadRounds: Sendable {
        package var events = 0
        /// Events per second of each plain read, rows per second of each COPY, in round order.
        package var reads: [Double] = []
        package var copies: [Double] = []

        /// The median plain read rate.
        package var readRate: Double { reads.median }

        /// The medians, their ratio and each round's ratio.
        package var report: String {
            let rounds = zip(reads, copies).map { String(format: "%.2f", $0 / $1) }.joined(separator: " ")
            return "read all      \(events) events: \(String(format: "%.0f", reads.median)) events/s (median of \(reads.count)); "
                + "COPY \(String(format: "%.0f", copies.median)) rows/s; ratio \(String(format: "%.2f", reads.median / copies.median))x "
                + "(rounds \(rounds))"
        }
    }

    /// `rounds` times: a plain read of the store up to `head` in pages of `pageSize`, then the COPY
    /// reference of the same rows (``copyEverything(url:upTo:)``), so both see the same machine load.
    package static func readAndCopy(_ store: PostgresEventStore, url: String, upTo head: Int64, pageSize: Int, rounds: Int) async throws -> ReadRounds {
        var result = ReadRounds()
        for _ in 0..<rounds {
            let (count, seconds) = try await readEverything(store, pageSize: pageSize)
            let (rows, copySeconds) = try copyEverything(url: url, upTo: head)
            guard count == rows else { throw BenchmarkFailure("read \(count) events but COPY \(rows) rows: the store changed during the run") }
            result.events = count
            result.reads.append(Double(count) / seconds)
            result.copies.append(Double(rows) / copySeconds)
        }
        return result
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
