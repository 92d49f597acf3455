import EventStore
import Synchronization

/// Append requests waiting for the group-commit writers, and the writers waiting for them.
final class AppendQueue: Sendable {
    struct Pending: Sendable {
        let request: AppendRequest
        let continuation: CheckedContinuation<Result<AppendResult, EventStoreError>, Never>
        /// When the request is withdrawn if no writer has taken it yet, and until when a writer that took it waits for a connection.
        let deadline: ContinuousClock.Instant
    }

    private struct State {
        var pending: [Pending] = []
        var idleWriters: [CheckedContinuation<Void, Never>] = []
        var isClosed = false
    }

    private let state = Mutex(State())

    /// Queues a request and wakes an idle writer; returns false when the queue is closed.
    func enqueue(_ pending: Pending) -> Bool {
        let (accepted, writer) = state.withLock { state -> (Bool, CheckedContinuation<Void, Never>?) in
            guard !state.isClosed else { return (false, nil) }
            state.pending.append(pending)
            return (true, state.idleWriters.popLast())
        }
        writer?.resume()
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
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state in
                guard state.pending.isEmpty && !state.isClosed else { return true }
                state.idleWriters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
        return state.withLock { !$0.pending.isEmpty || !$0.isClosed }
    }

    /// Removes and fails every request whose deadline has passed before a writer took it (it is
    /// then never written); returns the deadline of the oldest request left, if any.
    func withdrawExpired(now: ContinuousClock.Instant = .now) -> ContinuousClock.Instant? {
        let (expired, next) = state.withLock { state in
            let expired = state.pending.filter { $0.deadline <= now }
            if !expired.isEmpty { state.pending.removeAll { $0.deadline <= now } }
            return (expired, state.pending.map(\.deadline).min())
        }
        for pending in expired {
            pending.continuation.resume(returning: .failure(EventStoreError(
                .unavailable, "the event store could not take the append in time; it was withdrawn and will not be written")))
        }
        return next
    }

    /// Closes the queue and fails every request still queued (the writers stopped without graceful shutdown).
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

    /// Refuses new requests and wakes every idle writer; queued requests are still handed out.
    func close() {
        let writers = state.withLock { state in
            state.isClosed = true
            defer { state.idleWriters.removeAll() }
            return state.idleWriters
        }
        for writer in writers { writer.resume() }
    }
}
