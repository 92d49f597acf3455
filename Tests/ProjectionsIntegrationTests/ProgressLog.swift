import Projections
import Synchronization

/// Records the progress reports of a rebuild.
final class ProgressLog: Sendable {
    private let reports = Mutex<[RebuildProgress]>([])

    func record(_ progress: RebuildProgress) {
        reports.withLock { $0.append(progress) }
    }

    var last: RebuildProgress? { reports.withLock { $0.last } }
}
