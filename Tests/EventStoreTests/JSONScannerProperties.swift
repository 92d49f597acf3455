import Foundation

@testable import EventStore

/// The properties the JSON scanners must have for any input: checked by the libFuzzer target
/// (ops/fuzzing/JSONScannerTarget.swift, which compiles this file too) and, for every input kept
/// in ops/fuzzing/corpus/json-scanner (seeds and past findings), by ``FuzzCorpusTests``.
enum JSONScannerProperties {
    /// What `data` breaks, or `nil`.
    static func violation(in data: Data) -> String? {
        let isObject = JSONObjectSyntax.isObject(data)
        // The contiguous and the copying paths agree.
        guard JSONObjectSyntax.isObject(data.lazy.map { $0 }) == isObject else {
            return "isObject differs for a non-contiguous collection"
        }
        let parsed = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        // Whatever the scanner lets into the store is a JSON object for a real parser too (except
        // numbers beyond a Double, which PostgreSQL's jsonb keeps and Foundation refuses).
        if isObject, !hasHugeNumber(data), !(parsed is [String: Any]) {
            return "isObject accepted what Foundation does not parse as an object"
        }
        guard let flat = FlatJSONObject(data) else { return nil }
        guard isObject else { return "FlatJSONObject read what isObject refuses" }
        guard let object = parsed as? [String: Any] else { return "FlatJSONObject read what Foundation does not parse as an object" }
        guard object.count == flat.members.count else { return "FlatJSONObject members differ from Foundation's" }
        for (key, value) in flat.members {
            let expected = object[key]
            let same: Bool
            switch value {
            case .string(let text): same = expected as? String == text
            case .integer(let number): same = (expected as? NSNumber)?.int64Value == Int64(number)
            case .bool(let flag): same = (expected as? NSNumber)?.boolValue == flag
            case .null: same = expected is NSNull
            }
            if !same { return "FlatJSONObject member \(key) differs from Foundation's" }
        }
        return nil
    }

    /// Whether `data` has a run of more than 15 digits or an exponent of 3 digits or more (anywhere,
    /// strings included: this only makes the property above apply less often).
    static func hasHugeNumber(_ data: Data) -> Bool {
        var digits = 0
        var afterExponent = false
        for byte in data {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits += 1
                if digits > 15 || (afterExponent && digits >= 3) { return true }
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                digits = 0
                afterExponent = true
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                digits = 0
            default:
                digits = 0
                afterExponent = false
            }
        }
        return false
    }
}
