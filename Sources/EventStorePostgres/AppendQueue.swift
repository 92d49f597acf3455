import EventStore
import Synchronization

/// Append requests waiting for the group-commit writer, and the signal that wakes it.
final class AppendQueue: Sendable {
    struct Pending: Sendable {
        let request: AppendRequest
        let continuation: CheckedContinuation<Result<AppendResult, EventStoreError>, Never>
    }

    private struct State {
        var pending: [Pending] = []
        var isClosed = false
    }

    private let state = Mutex(State())
    private let wakeUps: AsyncStream<Void>
    private let wakeUp: AsyncStream<Void>.Continuation

    init() {
        (wakeUps, wakeUp) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues a request; returns false when the queue is closed.
    func enqueue(_ pending: Pending) -> Bool {
        let accepted = state.withLock { state in
            guard !state.isClosed else { return false }
            state.pending.append(pending)
            return true
        }
        if accepted { wakeUp.yield() }
        return accepted
    }

    /// Takes up to `maximumRequests` requests (and about `maximumEvents` events, at least one request).
    func take(maximumRequests: Int, maximumEvents: Int) -> [Pending] {
        state.withLock { state in
            var events = 0
            var count = 0
            for pending in state.pending.prefix(maximumRequests) {
                let size = pending.request.streams.reduce(0) { $0 + $1.events.count }
                if count > 0 && events + size > maximumEvents { break }
                events += size
                count += 1
            }
            let batch = Array(state.pending.prefix(count))
            state.pending.removeFirst(count)
            return batch
        }
    }

    /// Waits until something is queued or the queue is closed; returns false once closed and drained.
    func waitForWork() async -> Bool {
        for await _ in wakeUps {
            let (hasWork, isClosed) = state.withLock { (!$0.pending.isEmpty, $0.isClosed) }
            if hasWork { return true }
            if isClosed { return false }
        }
        return state.withLock { !$0.pending.isEmpty }
    }

    /// Closes the queue and fails every request still queued (the writer stopped without graceful shutdown).
    func failRemaining() {
        close()
        let remaining = state.withLock { state in
            defer { state.pending.removeAll() }
            return state.pending
        }
        for pending in remaining {
            pending.continuation.resume(returning: .failure(EventStoreError(.shutDown, "the event store stopped before committing this append")))
        }
    }

    /// Refuses new requests; queued ones are still handed out.
    func close() {
        state.withLock { $0.isClosed = true }
        wakeUp.yield()
        wakeUp.finish()
    }
}
