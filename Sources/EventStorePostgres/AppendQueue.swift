import EventStore
import NexusConcurrency

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
        var isClosed = false
    }

    /// Idle writers wait on the one key; the latest to go idle is woken first.
    private let monitor = Monitor<State, Int>(State())

    /// Queues a request and wakes an idle writer; returns false when the queue is closed.
    func enqueue(_ pending: Pending) -> Bool {
        monitor.withLock { locked in
            guard !locked.state.isClosed else { return false }
            locked.state.pending.append(pending)
            locked.wakeLast(on: 0)
            return true
        }
    }

    /// Takes up to `maximumRequests` requests (and about `maximumEvents` events, at least one request).
    func take(maximumRequests: Int, maximumEvents: Int) -> [Pending] {
        monitor.withLock { locked in
            var events = 0
            var count = 0
            for pending in locked.state.pending.prefix(maximumRequests) {
                let size = pending.request.streams.reduce(0) { $0 + $1.events.count }
                if count > 0 && events + size > maximumEvents { break }
                events += size
                count += 1
            }
            let batch = Array(locked.state.pending.prefix(count))
            locked.state.pending.removeFirst(count)
            return batch
        }
    }

    /// Waits until something is queued or the queue is closed; returns false once closed and
    /// drained. A writer cancelled before or while it waits closes the queue (so the store stops
    /// taking appends), and still gets what is queued.
    func waitForWork() async -> Bool {
        await monitor.wait(on: 0) { !$0.pending.isEmpty || $0.isClosed }
        if Task.isCancelled { close() }
        return monitor.withLock { !$0.state.pending.isEmpty || !$0.state.isClosed }
    }

    /// Waits at most `limit` until something is queued or the queue is closed; returns whether
    /// something is queued. Unlike ``waitForWork()`` a cancelled wait only ends early: the writer
    /// holding a connection then gives it back and meets the cancellation in its next wait.
    func waitForWork(upTo limit: Duration) async -> Bool {
        await monitor.wait(on: 0, upTo: limit) { !$0.pending.isEmpty || $0.isClosed }
        return monitor.withLock { !$0.state.pending.isEmpty }
    }

    /// Removes and fails every request whose deadline has passed before a writer took it (it is
    /// then never written); returns the deadline of the oldest request left, if any.
    func withdrawExpired(now: ContinuousClock.Instant = .now) -> ContinuousClock.Instant? {
        let (expired, next) = monitor.withLock { locked in
            let expired = locked.state.pending.filter { $0.deadline <= now }
            if !expired.isEmpty { locked.state.pending.removeAll { $0.deadline <= now } }
            return (expired, locked.state.pending.map(\.deadline).min())
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
        let remaining = monitor.withLock { locked in
            defer { locked.state.pending.removeAll() }
            return locked.state.pending
        }
        for pending in remaining {
            pending.continuation.resume(returning: .failure(EventStoreError(.shutDown, "the event store stopped before committing this append")))
        }
    }

    /// Refuses new requests and wakes every idle writer; queued requests are still handed out.
    func close() {
        monitor.withLock { locked in
            locked.state.isClosed = true
            locked.wakeAll(on: 0)
        }
    }
}
