import NexusConcurrency

/// Commands of this process on one stream take turns (first come, first served), so the second
/// decides from the state the first appended instead of racing it: without turns, concurrent
/// commands on a busy stream all decide from the same version, all but one lose the version
/// check, and each loser reads and appends again (under load, more than once).
///
/// Only the stream a command is about takes a turn, so a command never waits for two turns and
/// turns cannot deadlock. Other processes are not held back: their races still end in a version
/// conflict and a new decision. A command cancelled while it waits leaves the line.
final class StreamTurns: Sendable {
    /// The streams whose turn is taken; the commands waiting for one wait on its name.
    private let monitor = Monitor<Set<String>, String>([])

    /// Runs `body` once it is `stream`'s turn; the next waiting command goes when it returns.
    /// Throws `CancellationError` if the task is cancelled before its turn comes.
    func inTurn<Result>(on stream: String, _ body: () async throws -> Result) async throws -> Result {
        try await take(stream)
        defer { pass(stream) }
        return try await body()
    }

    /// How many commands wait for `stream`'s turn.
    func waiting(on stream: String) -> Int {
        monitor.withLock { $0.waiterCount(on: stream) }
    }

    private func take(_ stream: String) async throws {
        // A free stream is taken at once; otherwise the turn is handed over by `pass`.
        let outcome = await monitor.wait(on: stream) { taken in taken.insert(stream).inserted }
        guard outcome == .woken else { throw CancellationError() }
    }

    /// Hands the turn to the longest waiting command, or frees the stream.
    private func pass(_ stream: String) {
        monitor.withLock { locked in
            if !locked.wakeFirst(on: stream) { locked.state.remove(stream) }
        }
    }
}
