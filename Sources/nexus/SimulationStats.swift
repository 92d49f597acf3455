import Foundation
import NexusBenchmarks
import Synchronization

/// Counters and latencies shared by the simulated shoppers.
final class SimulationStats: Sendable {
    enum Outcome: CaseIterable { case orderAccepted, orderRefused, orderCancelled, restock, error }

    private struct State {
        var outcomes: [Outcome: Int] = [:]
        var statuses: [Int: Int] = [:]
    }

    private let state = Mutex(State())
    private let latencies = LatencyHistogram()
    private let start = ContinuousClock.now

    func record(_ outcome: Outcome) {
        state.withLock { $0.outcomes[outcome, default: 0] += 1 }
    }

    func recordLatency(_ latency: Duration, status: Int) {
        latencies.record(latency)
        state.withLock { $0.statuses[status, default: 0] += 1 }
    }

    /// One line: requests, rate, orders, restocks, latency percentiles, status classes.
    func summary() -> String {
        state.withLock { state in
            let elapsed = max((ContinuousClock.now - start).seconds, 0.001)
            let requests = latencies.count
            let statuses = state.statuses.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: " ")
            return "\(requests) requests (\(Int(Double(requests) / elapsed))/s)  orders ok \(state.outcomes[.orderAccepted] ?? 0)"
                + " refused \(state.outcomes[.orderRefused] ?? 0) cancelled \(state.outcomes[.orderCancelled] ?? 0)"
                + "  restocks \(state.outcomes[.restock] ?? 0)  \(latencies.summary([50, 99]))  [\(statuses)]"
        }
    }
}
