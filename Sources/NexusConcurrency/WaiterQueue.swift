/// The waiters of a ``Monitor``: per key, in arrival order, each under an id that lets a
/// deadline or a cancellation take it out again.
///
/// A pure state machine (no locks, no I/O): the monitor holds it under its lock and resumes what
/// its methods return once the lock is released. Every waiter is returned by exactly one method
/// call, so whoever takes it out is the only one who resumes it.
///
/// A key's first waiter is kept inline: a lone waiter (an idle group-commit writer, a relay
/// waiting for the next commit) is added and taken out again without allocating.
public struct WaiterQueue<Key: Hashable, Waiter> {
    private typealias Entry = (id: UInt64, waiter: Waiter)

    /// The waiters on one key in arrival order.
    private struct Line {
        var head: Entry
        var tail: [Entry] = []

        var count: Int { 1 + tail.count }

        /// Takes out the first, and whether the line is then empty.
        mutating func removeFirst() -> (Entry, isEmpty: Bool) {
            let first = head
            guard !tail.isEmpty else { return (first, true) }
            head = tail.removeFirst()
            return (first, false)
        }

        /// Takes out the last, and whether the line is then empty.
        mutating func removeLast() -> (Entry, isEmpty: Bool) {
            guard let last = tail.popLast() else { return (head, true) }
            return (last, false)
        }

        /// Takes out entry `id` if it is in the line, and whether the line is then empty. A linear
        /// search: ids are reserved before their waiters are queued, so a later id can be queued
        /// first and the line is in arrival order, not in id order.
        mutating func remove(_ id: UInt64) -> (Entry, isEmpty: Bool)? {
            if head.id == id { return removeFirst() }
            guard let index = tail.firstIndex(where: { $0.id == id }) else { return nil }
            return (tail.remove(at: index), false)
        }
    }

    /// Waiters per key.
    private var lines: [Key: Line] = [:]
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
        if lines[key] == nil {
            lines[key] = Line(head: (id, waiter))
        } else {
            lines[key]!.tail.append((id, waiter))
        }
    }

    /// How many wait on `key`.
    public func count(on key: Key) -> Int {
        lines[key]?.count ?? 0
    }

    /// How many wait on any key.
    public var count: Int { keys.count }

    /// Takes out the longest waiting on `key`, if any.
    public mutating func removeFirst(on key: Key) -> Waiter? {
        guard let (entry, isEmpty) = lines[key]?.removeFirst() else { return nil }
        return taken(entry, on: key, isEmpty: isEmpty)
    }

    /// Takes out the latest to arrive on `key`, if any.
    public mutating func removeLast(on key: Key) -> Waiter? {
        guard let (entry, isEmpty) = lines[key]?.removeLast() else { return nil }
        return taken(entry, on: key, isEmpty: isEmpty)
    }

    /// Takes out everyone waiting on `key`, in arrival order.
    public mutating func removeAll(on key: Key) -> [Waiter] {
        guard let line = lines.removeValue(forKey: key) else { return [] }
        let entries = [line.head] + line.tail
        for entry in entries { keys[entry.id] = nil }
        return entries.map(\.waiter)
    }

    /// Takes out waiter `id` if it still waits (nil once another call took it out).
    public mutating func remove(_ id: UInt64) -> Waiter? {
        guard let key = keys[id], let (entry, isEmpty) = lines[key]?.remove(id) else { return nil }
        return taken(entry, on: key, isEmpty: isEmpty)
    }

    /// Forgets `entry`, taken out of `key`'s line, and the line once it is empty.
    private mutating func taken(_ entry: Entry, on key: Key, isEmpty: Bool) -> Waiter {
        keys[entry.id] = nil
        if isEmpty { lines[key] = nil }
        return entry.waiter
    }
}
