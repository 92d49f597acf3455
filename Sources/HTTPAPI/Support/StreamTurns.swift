import Synchronization

/// Commands of this process on one stream take turns (first come, first served), so the second
/// decides from the state the first appended instead of racing it: without turns, concurrent
/// commands on a busy stream all decide from the same version, all but one lose the version
/// check, and each loser reads and appends again (under load, more than once).
///
/// Only the stream a command is about takes a turn, so a command never waits for two turns and
/// turns cannot deadlock. Other processes are not held back: their races still end in a version
/// conflict and a new decision.
final class StreamTurns: Sendable {
    /// Per stream with a turn taken: the commands waiting, in arrival order.
    private let queues = Mutex<[String: [CheckedContinuation<Void, Never>]]>([:])

    /// Runs `body` once it is `stream`'s turn; the next waiting command goes when it returns.
    func inTurn<Result>(on stream: String, _ body: () async throws -> Result) async throws -> Result {
        await take(stream)
        defer { pass(stream) }
        return try await body()
    }

    private func take(_ stream: String) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let isFree = queues.withLock { queues in
                guard queues[stream] != nil else {
                    queues[stream] = []
                    return true
                }
                queues[stream]?.append(continuation)
                return false
            }
            if isFree { continuation.resume() }
        }
    }

    private func pass(_ stream: String) {
        let next = queues.withLock { queues -> CheckedContinuation<Void, Never>? in
            guard var waiting = queues[stream], !waiting.isEmpty else {
                queues[stream] = nil
                return nil
            }
            let next = waiting.removeFirst()
            queues[stream] = waiting
            return next
        }
        next?.resume()
    }
}
