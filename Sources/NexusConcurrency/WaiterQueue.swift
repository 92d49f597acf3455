/// The waiters of a ``Monitor``: per key, in arrival order, each under an id that lets a
/// deadline or a cancellation take it out again.
///
/// A pure state machine (no locks, no I/O): the monitor holds it under its lock and resumes what
/// its methods return once the lock is released. Every waiter is returned by exactly one method
/// call, so whoever takes it out is the only one who resumes it.
public struct WaiterQueue<Key: Hashable, Waiter> {
    /// Waiters per key, in arrival order (ids only grow, so each array is sorted by id).
    private var waiting: [Key: [(id: UInt64, waiter: Waiter)]] = [:]
    /// The key each waiting id waits on.
    private var keys: [UInt64: Key] = [:]
    private var lastID: UInt64 = 0

    /// An empty queue.
    public init() {}

    /// A fresh id for the next ``add(_:id:on:)`` (reserved before the waiter exists, so that a
    /// cancellation arriving first can name it).
    public mutating func nextID() -> UInt64 {
        lastID += 1
        return lastID
    }

    /// Queues `waiter` under `id` (from ``nextID()``) behind the others waiting on `key`.
    public mutating func add(_ waiter: Waiter, id: UInt64, on key: Key) {
        precondition(keys[id] == nil, "waiter id \(id) is already waiting")
        keys[id] = key
        waiting[key, default: []].append((id, waiter))
    }

    /// How many wait on `key`.
    public func count(on key: Key) -> Int {
        waiting[key]?.count ?? 0
    }

    /// How many wait on any key.
    public var count: Int { keys.count }

    /// Takes out the longest waiting on `key`, if any.
    public mutating func removeFirst(on key: Key) -> Waiter? {
        guard var queue = waiting[key], !queue.isEmpty else { return nil }
        let first = queue.removeFirst()
        waiting[key] = queue.isEmpty ? nil : queue
        keys[first.id] = nil
        return first.waiter
    }

    /// Takes out everyone waiting on `key`, in arrival order.
    public mutating func removeAll(on key: Key) -> [Waiter] {
        guard let queue = waiting.removeValue(forKey: key) else { return [] }
        for entry in queue { keys[entry.id] = nil }
        return queue.map(\.waiter)
    }

    /// Takes out waiter `id` if it still waits (nil once another call took it out).
    public mutating func remove(_ id: UInt64) -> Waiter? {
        guard let key = keys.removeValue(forKey: id), var queue = waiting[key] else { return nil }
        guard let index = Self.index(of: id, in: queue) else { return nil }
        let entry = queue.remove(at: index)
        waiting[key] = queue.isEmpty ? nil : queue
        return entry.waiter
    }

    /// Binary search: the queue is sorted by id.
    private static func index(of id: UInt64, in queue: [(id: UInt64, waiter: Waiter)]) -> Int? {
        var low = 0
        var high = queue.count
        while low < high {
            let middle = (low + high) / 2
            if queue[middle].id < id { low = middle + 1 } else { high = middle }
        }
        return low < queue.count && queue[low].id == id ? low : nil
    }
}
