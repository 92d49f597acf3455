import Foundation
import Projections
import Synchronization

/// A one-line progress bar on standard error: percentage, events, rate and ETA.
final class ProgressBar: Sendable {
    private let lastDrawn = Mutex<ContinuousClock.Instant?>(nil)

    func show(_ progress: RebuildProgress) {
        let now = ContinuousClock.now
        let due = lastDrawn.withLock { last in
            guard last.map({ now - $0 >= .milliseconds(200) }) ?? true else { return false }
            last = now
            return true
        }
        guard due else { return }
        let width = 30
        let filled = Int(progress.fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let eta = progress.etaSeconds.map { String(format: "%.0fs", $0) } ?? "?"
        let line = String(
            format: "\r%@ [%@] %3.0f%% %d/%d events  %.0f ev/s  ETA %@",
            progress.projection, bar, progress.fraction * 100, progress.eventsDone, progress.total, progress.rate, eta
        )
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
