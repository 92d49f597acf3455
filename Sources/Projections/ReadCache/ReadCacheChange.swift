import Foundation

/// What a committed projection batch (or a generation switch) changed, as the read cache must
/// forget it: some keys, or everything.
public enum ReadCacheChange: Sendable, Equatable {
    case keys(Set<ReadCacheKey>)
    case all

    /// Nothing changed.
    public static let none = Self.keys([])

    /// The channel the changes are announced on (`NOTIFY`), for the caches of every process.
    public static let channel = "nexus_read_cache"
    /// The longest payload sent; a change that does not fit is announced as ``all``
    /// (PostgreSQL refuses payloads of 8,000 bytes or more).
    public static let maximumPayloadBytes = 7_000

    /// Whether there is nothing to forget.
    public var isEmpty: Bool { self == .none }

    /// The notification payload: `*` for everything, else a JSON array of `p:<sku>`, `s:<sku>`, `c`.
    public var payload: String {
        guard case .keys(let keys) = self else { return "*" }
        let names = keys.map { key in
            switch key {
            case .product(let sku): "p:" + sku
            case .stock(let sku): "s:" + sku
            case .categories: "c"
            }
        }
        guard let data = try? JSONEncoder().encode(names.sorted()), data.count <= Self.maximumPayloadBytes else { return "*" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The change a payload announces; anything not written by ``payload`` (another client may
    /// notify on the channel) counts as ``all``, so a cache never keeps what it cannot rule out.
    public init(payload: String) {
        guard payload.utf8.count <= Self.maximumPayloadBytes,
            let names = try? JSONDecoder().decode([String].self, from: Data(payload.utf8))
        else {
            self = .all
            return
        }
        var keys = Set<ReadCacheKey>()
        for name in names {
            if name == "c" {
                keys.insert(.categories)
            } else if name.hasPrefix("p:") {
                keys.insert(.product(String(name.dropFirst(2))))
            } else if name.hasPrefix("s:") {
                keys.insert(.stock(String(name.dropFirst(2))))
            } else {
                self = .all
                return
            }
        }
        self = .keys(keys)
    }
}
