/// The read cache as a pure state machine: bounded entries with second-chance (CLOCK) eviction,
/// and generation numbers that keep a read which started before an invalidation from inserting
/// what it read afterwards. No locks, no clock, no I/O: ``ReadCache`` wraps it in a mutex.
///
/// A read that misses calls ``begin(_:)`` *before* it reads the read model and hands the ticket
/// to ``finish(_:with:position:)`` afterwards. Every invalidation and every clear moves the
/// generation on; an insert is accepted only if neither its key nor the whole cache was
/// invalidated after its ticket was issued, so a value read before a commit can never be stored
/// after that commit's invalidation was applied.
///
/// Each entry records the read position it reflects: a lookup with a higher `minPosition`
/// misses (read-your-writes). While disabled (the invalidation feed is not known to be complete)
/// every lookup is a ``Lookup/bypass`` and nothing is stored; enabling clears everything and
/// rejects every ticket issued before.
public struct ReadCacheState<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// A cached value and the read position it reflects.
    public struct Entry: Sendable {
        public var value: Value
        public var position: Int64
    }

    /// Issued by ``begin(_:)`` to a read that will try to insert what it reads.
    public struct Ticket: Sendable {
        public let key: Key
        let generation: UInt64
    }

    /// What a lookup found.
    public enum Lookup: Sendable {
        /// A current entry reflecting at least the requested position.
        case hit(Entry)
        /// No entry, or one older than the requested position.
        case miss
        /// The cache is disabled: read the read model.
        case bypass
    }

    /// What a change did to the entries.
    public struct Outcome: Sendable, Equatable {
        /// Whether the value was stored.
        public var inserted = false
        /// Entries evicted to make room.
        public var evicted = 0
        /// Entries removed by an invalidation or a clear.
        public var invalidated = 0
    }

    private struct Slot {
        var key: Key
        var entry: Entry
        var referenced: Bool
    }

    /// Reads in flight for a key and the generation of the key's latest invalidation.
    private struct Pending {
        var readers: Int
        var invalidatedAt: UInt64
    }

    /// The most entries kept; 0 keeps none.
    public let capacity: Int
    /// Whether lookups may hit and reads may insert.
    public private(set) var isEnabled = false
    private var generation: UInt64 = 0
    private var clearedAt: UInt64 = 0
    private var pending: [Key: Pending] = [:]
    private var slots: [Slot?] = []
    private var index: [Key: Int] = [:]
    private var free: [Int] = []
    private var hand = 0

    /// An empty, disabled cache of at most `capacity` entries (negative counts as 0).
    public init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// The number of entries.
    public var count: Int { index.count }

    /// The number of keys with reads in flight (begun, not finished).
    public var pendingKeys: Int { pending.count }

    /// The entry for `key` if it reflects at least `minPosition` (any entry when `nil`); marks it used.
    public mutating func lookup(_ key: Key, atLeast minPosition: Int64?) -> Lookup {
        guard isEnabled, capacity > 0 else { return .bypass }
        guard let slot = index[key], let entry = slots[slot]?.entry else { return .miss }
        if let minPosition, minPosition > entry.position { return .miss }
        slots[slot]?.referenced = true
        return .hit(entry)
    }

    /// Starts a read of `key` whose result may be inserted with ``finish(_:with:position:)``.
    public mutating func begin(_ key: Key) -> Ticket {
        pending[key, default: Pending(readers: 0, invalidatedAt: 0)].readers += 1
        return Ticket(key: key, generation: generation)
    }

    /// Ends the read of `ticket`: stores `value` (when given) as reflecting `position`, unless the
    /// cache is disabled or the key or the whole cache was invalidated since the ticket was issued.
    /// An entry of the key reflecting a higher position is kept instead. Every ticket must be
    /// finished once (with `nil` when the read failed).
    @discardableResult
    public mutating func finish(_ ticket: Ticket, with value: Value?, position: Int64) -> Outcome {
        let key = ticket.key
        var invalidatedAt: UInt64 = 0
        if var reads = pending[key] {
            invalidatedAt = reads.invalidatedAt
            reads.readers -= 1
            pending[key] = reads.readers > 0 ? reads : nil
        }
        guard let value, isEnabled, capacity > 0, clearedAt <= ticket.generation, invalidatedAt <= ticket.generation else {
            return Outcome()
        }
        let entry = Entry(value: value, position: position)
        if let slot = index[key], let current = slots[slot] {
            if current.entry.position <= position { slots[slot] = Slot(key: key, entry: entry, referenced: true) }
            return Outcome(inserted: current.entry.position <= position)
        }
        var outcome = Outcome(inserted: true)
        let slot: Int
        if let reused = free.popLast() {
            slot = reused
        } else if slots.count < capacity {
            slot = slots.count
            slots.append(nil)
        } else {
            slot = evictOne()
            outcome.evicted = 1
        }
        slots[slot] = Slot(key: key, entry: entry, referenced: false)
        index[key] = slot
        return outcome
    }

    /// Removes the entries of `keys`; reads of them in flight will not insert.
    @discardableResult
    public mutating func invalidate(_ keys: some Sequence<Key>) -> Outcome {
        generation += 1
        var outcome = Outcome()
        for key in keys {
            if pending[key] != nil { pending[key]?.invalidatedAt = generation }
            if let slot = index.removeValue(forKey: key) {
                slots[slot] = nil
                free.append(slot)
                outcome.invalidated += 1
            }
        }
        return outcome
    }

    /// Removes every entry; no read in flight will insert.
    @discardableResult
    public mutating func clear() -> Outcome {
        generation += 1
        clearedAt = generation
        let outcome = Outcome(invalidated: index.count)
        slots = []
        index = [:]
        free = []
        hand = 0
        return outcome
    }

    /// Starts serving: clears (anything kept or read before may have missed invalidations) and enables.
    @discardableResult
    public mutating func enable() -> Outcome {
        isEnabled = true
        return clear()
    }

    /// Stops serving and clears: lookups bypass the cache until ``enable()``.
    @discardableResult
    public mutating func disable() -> Outcome {
        isEnabled = false
        return clear()
    }

    /// Frees the slot the clock hand finds first without a recent use (clearing the marks it passes).
    private mutating func evictOne() -> Int {
        while true {
            if hand >= slots.count { hand = 0 }
            let slot = hand
            hand += 1
            guard let current = slots[slot] else { return slot }
            if current.referenced {
                slots[slot]?.referenced = false
            } else {
                index[current.key] = nil
                slots[slot] = nil
                return slot
            }
        }
    }
}
