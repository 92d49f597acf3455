import Crypto
import Foundation
import NexusDomain
import Projections

/// The opaque cursor of a product list page: the page's last key (sort value and SKU), bound to
/// the sort and the filter it was made under, as base64url JSON. A cursor is checked like any
/// other hostile input before it reaches the database: its length, its JSON, the sort and the
/// filter it names, and its values (prices and times in their ranges, a SKU by the SKU rules, a
/// finite rank).
enum ProductPageCursor {
    /// The longest cursor accepted, in characters (one this server makes is far shorter).
    static let maxLength = 1_024
    /// The longest lower-cased name a key may hold, in characters (lower-casing can lengthen a name).
    static let maxNameLength = 4 * Validator.Limits.name

    /// What a cursor holds.
    private struct Payload: Codable {
        /// The sort's URL name.
        var s: String
        /// The filter's fingerprint.
        var f: String
        /// An integer sort value (price, creation time in microseconds).
        var n: Int64?
        /// A text sort value (lower-cased name).
        var t: String?
        /// A rank sort value, as the bits of its `Float`.
        var r: UInt32?
        /// The SKU.
        var i: String
    }

    /// Why a cursor was refused.
    struct Refusal: Error {
        var code: String
        var message: String
    }

    /// The cursor of the page after the one that ended at `key`.
    static func encode(_ key: ProductKey, sort: ProductSort, filter: ProductFilter) -> String {
        var payload = Payload(s: sort.name, f: fingerprint(filter), i: key.sku)
        switch key.value {
        case .none: break
        case .integer(let value): payload.n = value
        case .text(let value): payload.t = value
        case .rank(let value): payload.r = value.bitPattern
        }
        return PageCursor.base64URL((try? JSONEncoder().encode(payload)) ?? Data())
    }

    /// The key `cursor` stands for, if it was made for `sort` and `filter` and holds valid values.
    static func decode(_ cursor: String, sort: ProductSort, filter: ProductFilter) throws(Refusal) -> ProductKey {
        let invalid = Refusal(code: "invalid", message: "is not a cursor this endpoint returned")
        guard cursor.utf8.count <= maxLength, let data = PageCursor.data(base64URL: cursor),
              let payload = try? JSONDecoder().decode(Payload.self, from: data)
        else { throw invalid }
        guard payload.s == sort.name else {
            throw Refusal(code: "cursor_mismatch", message: "was made for sort=\(payload.s.prefix(16)), not sort=\(sort.name); start again without a cursor")
        }
        guard payload.f == fingerprint(filter) else {
            throw Refusal(code: "cursor_mismatch", message: "was made for other filters; start again without a cursor")
        }
        var sku = Validator()
        sku.sku(payload.i, field: "cursor")
        guard sku.errors.isEmpty else { throw invalid }
        let value: ProductKey.Value
        switch (sort.key, payload.n, payload.t, payload.r) {
        case (.sku, nil, nil, nil): value = .none
        case (.price, let price?, nil, nil) where QueryAPI.prices.contains(price): value = .integer(price)
        case (.created, let time?, nil, nil) where ProductKey.creationTimes.contains(time): value = .integer(time)
        case (.name, nil, let name?, nil) where !name.isEmpty && name.count <= maxNameLength && !TextRules.containsControlCharacters(name):
            value = .text(name)
        case (.relevance, nil, nil, let bits?) where Float(bitPattern: bits).isFinite && Float(bitPattern: bits) >= 0:
            value = .rank(Float(bitPattern: bits))
        default: throw invalid
        }
        return ProductKey(value: value, sku: payload.i)
    }

    /// A short digest of `filter`: a cursor answers only the filter it was made under.
    static func fingerprint(_ filter: ProductFilter) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let digest = SHA256.hash(data: (try? encoder.encode(filter)) ?? Data())
        return PageCursor.base64URL(Data(digest.prefix(12)))
    }
}
