/// A bounded hand-over between producers and one consumer: the consumer takes everything that
/// arrived meanwhile (up to a maximum) in one go, producers wait for space while it is full.
///
/// Order is kept. A producer that must not suspend (a poll thread) appends with
/// ``appendWithoutWaiting(contentsOf:)`` after checking ``isFull``.
public final class AsyncBoundedQueue<Element: Sendable>: Sendable {
    /// Who waits: the consumer for elements, producers for space.
    private enum Side: Hashable { case consumer, producers }

    private let monitor: Monitor<BoundedQueue<Element>, Side>

    /// An empty queue, full at `capacity` elements (at least 1).
    public init(capacity: Int) {
        monitor = Monitor(BoundedQueue(capacity: capacity))
    }

    /// How many elements wait.
    public var count: Int { monitor.withLock { $0.state.count } }

    /// Whether `capacity` or more elements wait.
    public var isFull: Bool { monitor.withLock { $0.state.isFull } }

    /// Waits while the queue is full, then appends `elements` whole; returns false (appending
    /// nothing) once the queue has ended or when the task is cancelled while waiting.
    @discardableResult
    public func append(contentsOf elements: [Element]) async -> Bool {
        guard await waitForSpace() == .woken else { return false }
        return appendWithoutWaiting(contentsOf: elements)
    }

    /// Appends `elements` at once even past the capacity; false once the queue has ended.
    @discardableResult
    public func appendWithoutWaiting(contentsOf elements: [Element]) -> Bool {
        guard !elements.isEmpty else { return monitor.withLock { !$0.state.isFinished } }
        return monitor.withLock { locked in
            guard locked.state.append(contentsOf: elements) else { return false }
            locked.wakeAll(on: .consumer)
            return true
        }
    }

    /// Returns once the queue has space or has ended (``WaitOutcome/woken``), after `timeout`, or
    /// when the task is cancelled.
    public func waitForSpace(upTo timeout: Duration? = nil) async -> WaitOutcome {
        await monitor.wait(on: .producers, upTo: timeout) { $0.hasSpace }
    }

    /// Up to `maximum` of the oldest elements once there are any; `nil` once the queue has ended
    /// and is drained (or throws the error it ended with), and `nil` when the task is cancelled
    /// while waiting (the elements stay queued).
    public func next(upTo maximum: Int) async throws -> [Element]? {
        while true {
            let taken = monitor.withLock { locked -> Result<[Element]?, any Error> in
                let wasFull = locked.state.isFull
                let taken = locked.state.take(upTo: maximum)
                if wasFull && !locked.state.isFull { locked.wakeAll(on: .producers) }
                return taken
            }
            if let batch = try taken.get(), batch.isEmpty {
                guard await monitor.wait(on: .consumer, unless: { $0.canTake }) == .woken else { return nil }
                continue
            }
            return try taken.get()
        }
    }

    /// Ends the queue: appends are refused, ``next(upTo:)`` returns what is left, then `nil` (or
    /// throws `failure`). Wakes everyone waiting.
    public func finish(throwing failure: (any Error)? = nil) {
        monitor.withLock { locked in
            locked.state.finish(throwing: failure)
            locked.wakeAll(on: .consumer)
            locked.wakeAll(on: .producers)
        }
    }
}
