import Kafka
import Synchronization

extension ProjectionWorker {
    /// Fetched messages not yet applied. The consumer hands over each fetch as it arrives; the
    /// worker takes everything that arrived meanwhile (up to its batch size) for one transaction,
    /// so a worker that falls behind catches up in a few large transactions instead of one
    /// transaction per fetch. Order is kept; adding waits while a full batch is already waiting.
    final class Backlog: Sendable {
        private struct State {
            var messages: [KafkaMessage] = []
            var isFinished = false
            var failure: (any Error)?
            var taker: CheckedContinuation<Void, Never>?
            var adder: CheckedContinuation<Void, Never>?
        }

        private let state = Mutex(State())
        private let batchSize: Int

        /// - Parameter batchSize: the most messages one ``take()`` returns, and the backlog from
        ///   which ``add(_:)`` waits.
        init(batchSize: Int) {
            self.batchSize = max(1, batchSize)
        }

        /// Appends fetched messages; waits while `batchSize` or more are waiting (returns at once on cancellation).
        func add(_ messages: [KafkaMessage]) async {
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let resumeNow = state.withLock { state in
                        guard state.messages.count >= batchSize, !Task.isCancelled else { return true }
                        state.adder = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            } onCancel: {
                state.withLock { state in defer { state.adder = nil }; return state.adder }?.resume()
            }
            let taker = state.withLock { state in
                state.messages += messages
                defer { state.taker = nil }
                return state.taker
            }
            taker?.resume()
        }

        /// Ends the backlog: ``take()`` returns what is left, then `nil` (or throws `failure`).
        func finish(throwing failure: (any Error)? = nil) {
            let taker = state.withLock { state in
                state.isFinished = true
                state.failure = failure
                defer { state.taker = nil }
                return state.taker
            }
            taker?.resume()
        }

        /// The oldest waiting messages, up to `batchSize`, once there are any; `nil` when finished.
        func take() async throws -> [KafkaMessage]? {
            while true {
                let (taken, adder, isFinished, failure) = state.withLock { state in
                    let count = min(batchSize, state.messages.count)
                    let taken = Array(state.messages.prefix(count))
                    state.messages.removeFirst(count)
                    defer { if count > 0 { state.adder = nil } }
                    return (taken, count > 0 ? state.adder : nil, state.isFinished, state.failure)
                }
                adder?.resume()
                if !taken.isEmpty { return taken }
                if isFinished {
                    if let failure { throw failure }
                    return nil
                }
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let resumeNow = state.withLock { state in
                        guard state.messages.isEmpty, !state.isFinished else { return true }
                        state.taker = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            }
        }
    }
}
