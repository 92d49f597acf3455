import Foundation
import Synchronization

/// A progress bar on standard error: done/total, rate and ETA, redrawn at most ten times a second.
final class ProgressBar: Sendable {
    private struct State {
        var total: Int64
        var done: Int64 = 0
        var lastDraw = ContinuousClock.now - .seconds(1)
    }

    private let label: String
    private let unit: String
    private let start = ContinuousClock.now
    private let state: Mutex<State>

    init(label: String, total: Int64, unit: String = "events") {
        self.label = label
        self.unit = unit
        self.state = Mutex(State(total: max(total, 0)))
    }

    /// Records progress and redraws when due.
    func update(done: Int64, total: Int64? = nil) {
        let snapshot: State? = state.withLock { state in
            state.done = done
            if let total { state.total = total }
            let now = ContinuousClock.now
            guard now - state.lastDraw >= .milliseconds(100) else { return nil }
            state.lastDraw = now
            return state
        }
        if let snapshot { draw(snapshot, final: false) }
    }

    /// Draws the final state and ends the line.
    func finish() {
        draw(state.withLock { $0 }, final: true)
    }

    private func draw(_ state: State, final: Bool) {
        let elapsed = max((ContinuousClock.now - start).seconds, 0.001)
        let rate = Double(state.done) / elapsed
        let fraction = state.total > 0 ? min(Double(state.done) / Double(state.total), 1) : 1
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let remaining = rate > 0 && state.total > state.done ? Double(state.total - state.done) / rate : 0
        let text = "\(label) [\(bar)] \(Int(fraction * 100))% \(state.done)/\(state.total) \(unit)  \(Int(rate))/s  ETA \(Int(remaining))s"
        FileHandle.standardError.write(Data(("\r" + text + (final ? "\n" : "")).utf8))
    }
}

extension Duration {
    /// The duration in seconds as a floating-point number.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
