import NexusConcurrency

/// Matches delivery reports to the batches awaiting them.
///
/// Each enqueued message carries an integer correlation id as its librdkafka opaque:
/// `batch << indexBits | index`. No Swift object ever travels through C. The poll thread records
/// outcomes; a task awaiting a batch waits on a ``Monitor`` keyed by the batch id until the
/// batch's last outcome arrives, the tracker closes or the task is cancelled.
final class DeliveryTracker: Sendable {
    typealias Outcome = Result<KafkaDeliveryReport, KafkaError>

    /// Largest batch a single `send` accepts.
    static let maximumBatchSize = 1 << indexBits
    private static let indexBits = 24

    private struct Batch {
        var outcomes: [Outcome?]
        var remaining: Int

        /// Stores the outcome of message `index` unless it already has one.
        mutating func store(_ outcome: Outcome, at index: Int) {
            guard outcomes.indices.contains(index), outcomes[index] == nil else { return }
            outcomes[index] = outcome
            remaining -= 1
        }
    }

    private struct State {
        var nextBatch: UInt = 1
        var batches: [UInt: Batch] = [:]
        var closedBy: KafkaError?

        /// Whether the wait for `batch` can end: every outcome is in, or the batch is gone.
        func isSettled(_ batch: UInt) -> Bool {
            batches[batch].map { $0.remaining == 0 } ?? true
        }
    }

    private let monitor = Monitor<State, UInt>(State())

    /// Registers a batch of `count` messages; returns its id, or the error that closed the tracker.
    func open(count: Int) throws(KafkaError) -> UInt {
        try monitor.withLock { locked throws(KafkaError) in
            if let closedBy = locked.state.closedBy { throw closedBy }
            let id = locked.state.nextBatch
            locked.state.nextBatch += 1
            locked.state.batches[id] = Batch(outcomes: Array(repeating: nil, count: count), remaining: count)
            return id
        }
    }

    /// How many tasks wait for their batches' reports now.
    var waitingCount: Int {
        monitor.withLock { $0.waiterCount }
    }

    /// The correlation id for message `index` of batch `batch`.
    static func correlationID(batch: UInt, index: Int) -> UInt {
        batch << indexBits | UInt(index)
    }

    /// Records outcomes for a set of correlation ids (one delivery-report event) under one lock;
    /// wakes the task awaiting each batch this completes. Each run of reports of one batch takes
    /// the batch out of the dictionary once (a `batches[id]?.store(…)` per report allocated its
    /// accessors' frames, three `malloc` calls per message).
    func record(_ reports: [(correlationID: UInt, outcome: Outcome)]) {
        monitor.withLock { locked in
            var start = reports.startIndex
            while start < reports.endIndex {
                let batch = reports[start].correlationID >> Self.indexBits
                let end = reports[start...].firstIndex { $0.correlationID >> Self.indexBits != batch } ?? reports.endIndex
                if var entry = locked.state.batches.removeValue(forKey: batch) {
                    let wasOpen = entry.remaining > 0
                    for (id, outcome) in reports[start..<end] {
                        entry.store(outcome, at: Int(id & (1 << Self.indexBits - 1)))
                    }
                    if wasOpen, entry.remaining == 0 { locked.wakeAll(on: batch) }
                    locked.state.batches.updateValue(entry, forKey: batch)
                }
                start = end
            }
        }
    }

    /// Awaits every outcome of `batch`; cancellation stops waiting (the batch is forgotten and
    /// late reports are ignored).
    func wait(for batch: UInt) async throws -> [Outcome] {
        if Task.isCancelled {
            discard(batch)
            throw CancellationError()
        }
        let outcome = await monitor.wait(on: batch) { $0.isSettled(batch) }
        return try monitor.withLock { locked throws -> [Outcome] in
            if let entry = locked.state.batches[batch], entry.remaining == 0 {
                locked.state.batches[batch] = nil
                return entry.outcomes.map { $0! }
            }
            guard outcome == .cancelled, locked.state.batches.removeValue(forKey: batch) != nil else {
                throw locked.state.closedBy ?? KafkaError(code: .shutdown, message: "batch vanished")
            }
            throw CancellationError()
        }
    }

    /// Forgets `batch` (nobody will await it): its late reports are ignored.
    func discard(_ batch: UInt) {
        monitor.withLock { locked in
            locked.state.batches[batch] = nil
            locked.wakeAll(on: batch)
        }
    }

    /// Fails every outstanding message with `error` (batches not yet awaited complete when they
    /// are) and refuses new batches.
    func close(with error: KafkaError) {
        monitor.withLock { locked in
            locked.state.closedBy = error
            for (id, entry) in locked.state.batches where entry.remaining > 0 {
                locked.state.batches[id] = Batch(outcomes: entry.outcomes.map { $0 ?? .failure(error) }, remaining: 0)
                locked.wakeAll(on: id)
            }
        }
    }
}
