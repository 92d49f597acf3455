import Synchronization

/// Low watermarks of projection generations remembered between progress readings, so that a
/// process asking often (`/ready`, `/metrics`) scans only the log after the last one.
///
/// A generation's low watermark is the highest position `W` such that every event of its types
/// at or below `W` is applied. It only grows (applied versions never go back and no event is
/// ever removed), and a remembered value never passes the settled position read before it was
/// computed, so an append that commits late below it cannot be missed.
public final class ProjectionWatermarks: Sendable {
    private let floors = Mutex<[String: Int64]>([:])

    /// No watermark remembered: the first reading scans the log from its start.
    public init() {}

    /// The remembered watermark of `generation`, 0 when none.
    func floor(of generation: ProjectionGeneration) -> Int64 {
        floors.withLock { $0[generation.schema.name] ?? 0 }
    }

    /// Remembers `position` for `generation` if it is higher than the one remembered.
    func remember(_ position: Int64, for generation: ProjectionGeneration) {
        floors.withLock { $0[generation.schema.name] = max($0[generation.schema.name] ?? 0, position) }
    }
}
