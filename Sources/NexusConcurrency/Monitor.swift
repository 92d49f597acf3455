import Synchronization

/// A value behind a lock that tasks can wait on, per key, until another task wakes them, a
/// timeout passes or they are cancelled (whichever comes first).
///
/// One primitive for the waits of the relay, the job workers, read-your-writes queries, command
/// turns and bounded queues. Each wait is one continuation, resumed exactly once: by the first of
/// a wake, its deadline (on the ``TimerThread``, no child task) or its task's cancellation; the others
/// find it gone. Checking the condition and starting to wait happen under one lock, so a wake in
/// between is never missed.
public final class Monitor<State: Sendable, Key: Hashable & Sendable>: Sendable {
    typealias Waiter = (continuation: CheckedContinuation<WaitOutcome, Never>, deadline: Deadline?)

    /// The state and the waiters, as a body passed to ``withLock(_:)`` sees them.
    public struct Locked: ~Copyable {
        /// The guarded value.
        public var state: State
        var waiters = WaiterQueue<Key, Waiter>()
        var woken = Woken()

        init(state: State) {
            self.state = state
        }

        /// How many wait on `key`.
        public func waiterCount(on key: Key) -> Int {
            waiters.count(on: key)
        }

        /// How many wait on any key.
        public var waiterCount: Int { waiters.count }

        /// Wakes the longest waiting on `key` (once the lock is released); false if none waits.
        @discardableResult
        public mutating func wakeFirst(on key: Key) -> Bool {
            guard let waiter = waiters.removeFirst(on: key) else { return false }
            woken.add(waiter)
            return true
        }

        /// Wakes the latest to wait on `key` (once the lock is released); false if none waits.
        @discardableResult
        public mutating func wakeLast(on key: Key) -> Bool {
            guard let waiter = waiters.removeLast(on: key) else { return false }
            woken.add(waiter)
            return true
        }

        /// Wakes everyone waiting on `key` (once the lock is released); returns how many.
        @discardableResult
        public mutating func wakeAll(on key: Key) -> Int {
            let all = waiters.removeAll(on: key)
            for waiter in all { woken.add(waiter) }
            return all.count
        }
    }

    /// The waiters a body woke, resumed once the lock is released; the first is kept inline, so
    /// waking one waiter allocates nothing.
    struct Woken {
        private var first: Waiter?
        private var others: [Waiter] = []

        mutating func add(_ waiter: Waiter) {
            if first == nil { first = waiter } else { others.append(waiter) }
        }

        func resume() {
            guard let first else { return }
            Monitor.resume(first, with: .woken)
            for waiter in others { Monitor.resume(waiter, with: .woken) }
        }
    }

    private let locked: Mutex<Locked>

    /// A monitor guarding `state`, with nobody waiting.
    public init(_ state: State) {
        locked = Mutex(Locked(state: state))
    }

    /// Runs `body` under the lock; the waiters it woke resume (with ``WaitOutcome/woken``) after
    /// the lock is released.
    public func withLock<Value: Sendable, Failure: Error>(_ body: (inout Locked) throws(Failure) -> Value) throws(Failure) -> Value {
        let (result, woken): (Result<Value, Failure>, Woken) = locked.withLock { locked in
            let result: Result<Value, Failure>
            do throws(Failure) { result = .success(try body(&locked)) } catch { result = .failure(error) }
            defer { locked.woken = Woken() }
            return (result, locked.woken)
        }
        woken.resume()
        return try result.get()
    }

    /// Waits on `key` unless `isReady` holds; returns ``WaitOutcome/woken`` at once when it does.
    /// Otherwise returns when woken, after `timeout` (nil: no timeout) or when the task is
    /// cancelled, unless `ignoringCancellation` (for a wait another task relies on, such as a
    /// lease holder keeping a connection until its user gives it back). `isReady` runs under the
    /// lock (so it must not use this monitor) and may change the state, e.g. consume a pending
    /// signal.
    @discardableResult
    public func wait(
        on key: Key, upTo timeout: Duration? = nil, ignoringCancellation: Bool = false,
        unless isReady: (inout State) -> Bool = { _ in false }
    ) async -> WaitOutcome {
        let id = locked.withLock { $0.waiters.nextID() }
        guard !ignoringCancellation else {
            return await suspend(id, on: key, upTo: timeout, cancellable: false, unless: isReady)
        }
        return await withTaskCancellationHandler {
            await suspend(id, on: key, upTo: timeout, cancellable: true, unless: isReady)
        } onCancel: {
            end(id, with: .cancelled)
        }
    }

    /// Queues wait `id` unless `isReady` holds (or, when `cancellable`, the task is cancelled).
    private func suspend(
        _ id: UInt64, on key: Key, upTo timeout: Duration?, cancellable: Bool, unless isReady: (inout State) -> Bool
    ) async -> WaitOutcome {
        await withCheckedContinuation { (continuation: CheckedContinuation<WaitOutcome, Never>) in
            let immediate: WaitOutcome? = locked.withLock { locked in
                if isReady(&locked.state) { return .woken }
                if cancellable && Task.isCancelled { return .cancelled }
                let deadline = timeout.map { timeout in Deadline(after: timeout) { self.end(id, with: .timedOut) } }
                locked.waiters.add((continuation, deadline), id: id, on: key)
                return nil
            }
            if let immediate { continuation.resume(returning: immediate) }
        }
    }

    /// Ends wait `id` with `outcome` unless something else ended it first.
    private func end(_ id: UInt64, with outcome: WaitOutcome) {
        guard let waiter = locked.withLock({ $0.waiters.remove(id) }) else { return }
        Self.resume(waiter, with: outcome)
    }

    private static func resume(_ waiter: Waiter, with outcome: WaitOutcome) {
        waiter.deadline?.cancel()
        waiter.continuation.resume(returning: outcome)
    }
}
