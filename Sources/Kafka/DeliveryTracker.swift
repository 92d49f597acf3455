import Synchronization

/// Matches delivery reports to the batches awaiting them.
///
/// Each enqueued message carries an integer correlation id as its librdkafka opaque:
/// `batch << indexBits | index`. No Swift object ever travels through C.
final class DeliveryTracker: Sendable {
    typealias Outcome = Result<KafkaDeliveryReport, KafkaError>
    typealias Continuation = CheckedContinuation<[Outcome], any Error>

    /// Largest batch a single `send` accepts.
    static let maximumBatchSize = 1 << indexBits
    private static let indexBits = 24

    private struct Batch {
        var outcomes: [Outcome?]
        var remaining: Int
        var continuation: Continuation?
        var cancelled = false

        /// Stores the outcome of message `index` unless it already has one; returns whether it stored.
        mutating func store(_ outcome: Outcome, at index: Int) -> Bool {
            guard outcomes.indices.contains(index), outcomes[index] == nil else { return false }
            outcomes[index] = outcome
            remaining -= 1
            return true
        }
    }

    private struct State {
        var nextBatch: UInt = 1
        var batches: [UInt: Batch] = [:]
        var closedBy: KafkaError?
    }

    /// A batch's completion, to be resumed outside the lock.
    private enum Completion {
        case delivered(Continuation, [Outcome])
        case failed(Continuation, any Error)

        func resume() {
            switch self {
            case .delivered(let continuation, let outcomes): continuation.resume(returning: outcomes)
            case .failed(let continuation, let error): continuation.resume(throwing: error)
            }
        }
    }

    private let state = Mutex(State())

    /// Registers a batch of `count` messages; returns its id, or the error that closed the tracker.
    func open(count: Int) throws(KafkaError) -> UInt {
        let result: Result<UInt, KafkaError> = state.withLock { state in
            if let closedBy = state.closedBy { return .failure(closedBy) }
            let id = state.nextBatch
            state.nextBatch += 1
            state.batches[id] = Batch(outcomes: Array(repeating: nil, count: count), remaining: count)
            return .success(id)
        }
        return try result.get()
    }

    /// The correlation id for message `index` of batch `batch`.
    static func correlationID(batch: UInt, index: Int) -> UInt {
        batch << indexBits | UInt(index)
    }

    /// Records outcomes for a set of correlation ids (one delivery-report event) under one lock.
    func record(_ reports: [(correlationID: UInt, outcome: Outcome)]) {
        let completions: [Completion] = state.withLock { state in
            var completions: [Completion] = []
            for (id, outcome) in reports {
                let batch = id >> Self.indexBits
                let index = Int(id & (1 << Self.indexBits - 1))
                if let completion = Self.store(outcome, batch: batch, index: index, in: &state) {
                    completions.append(completion)
                }
            }
            return completions
        }
        for completion in completions { completion.resume() }
    }

    /// Awaits every outcome of `batch`; cancellation stops waiting (late reports are ignored).
    func wait(for batch: UInt) async throws -> [Outcome] {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: Continuation) in
                let completion: Completion? = state.withLock { state in
                    guard let cancelled = state.batches[batch]?.cancelled, let remaining = state.batches[batch]?.remaining
                    else {
                        return .failed(continuation, state.closedBy ?? KafkaError(code: .shutdown, message: "batch vanished"))
                    }
                    if cancelled {
                        state.batches[batch] = nil
                        return .failed(continuation, CancellationError())
                    }
                    if remaining == 0, let entry = state.batches.removeValue(forKey: batch) {
                        return .delivered(continuation, entry.outcomes.map { $0! })
                    }
                    state.batches[batch]?.continuation = continuation
                    return nil
                }
                completion?.resume()
            }
        } onCancel: {
            cancel(batch)
        }
    }

    /// Stops waiting for `batch`: its awaiting task gets `CancellationError`.
    func cancel(_ batch: UInt) {
        let completion: Completion? = state.withLock { state in
            guard let continuation = state.batches[batch]?.continuation else {
                state.batches[batch]?.cancelled = true
                return nil
            }
            state.batches[batch] = nil
            return .failed(continuation, CancellationError())
        }
        completion?.resume()
    }

    /// Fails every outstanding message with `error` (batches not yet awaited complete when they
    /// are) and refuses new batches.
    func close(with error: KafkaError) {
        let completions: [Completion] = state.withLock { state in
            state.closedBy = error
            var completions: [Completion] = []
            for (id, entry) in state.batches {
                let outcomes = entry.outcomes.map { $0 ?? .failure(error) }
                guard let continuation = entry.continuation else {
                    state.batches[id]?.outcomes = outcomes
                    state.batches[id]?.remaining = 0
                    continue
                }
                completions.append(.delivered(continuation, outcomes))
                state.batches[id] = nil
            }
            return completions
        }
        for completion in completions { completion.resume() }
    }

    private static func store(_ outcome: Outcome, batch: UInt, index: Int, in state: inout State) -> Completion? {
        guard state.batches[batch]?.store(outcome, at: index) == true,
            state.batches[batch]?.remaining == 0, state.batches[batch]?.continuation != nil,
            let entry = state.batches.removeValue(forKey: batch), let continuation = entry.continuation
        else { return nil }
        return .delivered(continuation, entry.outcomes.map { $0! })
    }
}
