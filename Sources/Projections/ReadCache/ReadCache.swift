public import PostgresNIO
import Metrics
import Synchronization

/// An in-process cache of hot single-resource reads (one product, one SKU's stock, the category
/// list), kept current by the projection workers' commits: directly by the workers of this
/// process (``ProjectionCommits``) and, for every process, through PostgreSQL `NOTIFY` on
/// ``ReadCacheChange/channel`` (``ReadCacheListener``).
///
/// It starts disabled and serves only while its listener holds a `LISTEN`: when that connection
/// drops, the cache is cleared and bypassed until `LISTEN` is re-established, since changes
/// announced meanwhile are lost. The rules are those of ``ReadCacheState``; this class adds a
/// mutex and the Prometheus counters `nexus_read_cache_{hits,misses,evictions,invalidations}_total`
/// (label `resource`) and the gauge `nexus_read_cache_enabled`.
public final class ReadCache: Sendable {
    /// A resource as served: its encoded body and strong entity tag. The resources cached are
    /// the same for every role that may read them, so one representation serves all.
    public struct Representation: Sendable {
        public let body: ByteBuffer
        public let tag: String

        public init(body: ByteBuffer, tag: String) {
            self.body = body
            self.tag = tag
        }
    }

    public typealias State = ReadCacheState<ReadCacheKey, Representation>

    private let state: Mutex<State>
    private let metrics = Metrics()

    /// A disabled cache of at most `capacity` entries.
    public init(capacity: Int) {
        state = Mutex(State(capacity: capacity))
        metrics.enabled.record(0)
    }

    /// Whether lookups may hit (a `LISTEN` is in place).
    public var isEnabled: Bool { state.withLock { $0.isEnabled } }

    /// The number of entries.
    public var count: Int { state.withLock { $0.count } }

    /// The cached representation of `key` reflecting at least `minPosition`, with that position.
    public func lookup(_ key: ReadCacheKey, atLeast minPosition: Int64?) -> ReadCacheState<ReadCacheKey, Representation>.Entry? {
        let found = state.withLock { $0.lookup(key, atLeast: minPosition) }
        switch found {
        case .hit(let entry):
            metrics.hits(key).increment()
            return entry
        case .miss, .bypass:
            metrics.misses(key).increment()
            return nil
        }
    }

    /// Starts a read of `key` (before reading the read model); see ``ReadCacheState/begin(_:)``.
    public func begin(_ key: ReadCacheKey) -> State.Ticket {
        state.withLock { $0.begin(key) }
    }

    /// Ends a read begun with ``begin(_:)``; see ``ReadCacheState/finish(_:with:position:)``.
    public func finish(_ ticket: State.Ticket, with value: Representation?, position: Int64) {
        record(state.withLock { $0.finish(ticket, with: value, position: position) })
    }

    /// Forgets what `change` names.
    public func invalidate(_ change: ReadCacheChange) {
        switch change {
        case .all: record(state.withLock { $0.clear() })
        case .keys(let keys) where !keys.isEmpty: record(state.withLock { $0.invalidate(keys) })
        case .keys: break
        }
    }

    /// The `LISTEN` is in place: clears and serves.
    public func listening() {
        record(state.withLock { $0.enable() })
        metrics.enabled.record(1)
    }

    /// The `LISTEN` is gone: clears and bypasses until ``listening()``.
    public func notListening() {
        record(state.withLock { $0.disable() })
        metrics.enabled.record(0)
    }

    private func record(_ outcome: ReadCacheState<ReadCacheKey, Representation>.Outcome) {
        if outcome.evicted > 0 { metrics.evictions.increment(by: outcome.evicted) }
        if outcome.invalidated > 0 { metrics.invalidations.increment(by: outcome.invalidated) }
    }

    /// The counters, made once.
    private struct Metrics: Sendable {
        let hitCounters = Dictionary(uniqueKeysWithValues: Self.resources.map {
            ($0, Counter(label: "nexus_read_cache_hits_total", dimensions: [("resource", $0)]))
        })
        let missCounters = Dictionary(uniqueKeysWithValues: Self.resources.map {
            ($0, Counter(label: "nexus_read_cache_misses_total", dimensions: [("resource", $0)]))
        })
        let evictions = Counter(label: "nexus_read_cache_evictions_total")
        let invalidations = Counter(label: "nexus_read_cache_invalidations_total")
        let enabled = Gauge(label: "nexus_read_cache_enabled")

        static let resources = [ReadCacheKey.product(""), .stock(""), .categories].map(\.resource)

        func hits(_ key: ReadCacheKey) -> Counter { hitCounters[key.resource] ?? Counter(label: "nexus_read_cache_hits_total") }
        func misses(_ key: ReadCacheKey) -> Counter { missCounters[key.resource] ?? Counter(label: "nexus_read_cache_misses_total") }
    }
}
