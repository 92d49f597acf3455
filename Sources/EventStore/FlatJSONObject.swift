package import Foundation

/// A JSON object whose members are all plain scalars, parsed without `JSONDecoder`.
///
/// Accepts only a strict subset of JSON: string members without escape sequences, integers
/// (no fraction or exponent), `true`, `false` and `null`, distinct keys. Anything else (nested
/// values, escapes, numbers with a fraction, invalid UTF-8, malformed text) gives `nil`, and the
/// caller falls back to the full decoder, which also produces the errors.
package struct FlatJSONObject: Sendable {
    /// A member's value.
    package enum Value: Sendable, Equatable {
        case string(String)
        case integer(Int)
        case bool(Bool)
        case null
    }

    /// The members in document order.
    package private(set) var members: [(key: String, value: Value)] = []

    package init?(_ data: Data) {
        guard let members = data.withUnsafeBytes({ bytes in
            var parser = Parser(bytes: bytes)
            return parser.object()
        }) else { return nil }
        self.members = members
    }

    /// The value of `key`, `nil` when absent.
    package subscript(key: String) -> Value? {
        members.first { $0.key == key }?.value
    }

    /// The string member `key`, `nil` when absent or not a string.
    package func string(_ key: String) -> String? {
        guard case .string(let value) = self[key] else { return nil }
        return value
    }

    /// The integer member `key`, `nil` when absent or not an integer.
    package func integer(_ key: String) -> Int? {
        guard case .integer(let value) = self[key] else { return nil }
        return value
    }

    /// An optional string member: `.some(nil)` when absent or `null`, `nil` when of another type.
    package func optionalString(_ key: String) -> String?? {
        switch self[key] {
        case nil, .null?: .some(nil)
        case .string(let value)?: .some(value)
        default: nil
        }
    }

    /// A single-pass reader over the bytes of one object.
    private struct Parser {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        init(bytes: UnsafeRawBufferPointer) {
            self.bytes = bytes
        }

        mutating func object() -> [(key: String, value: Value)]? {
            var members: [(key: String, value: Value)] = []
            skipWhitespace()
            guard consume(UInt8(ascii: "{")) else { return nil }
            skipWhitespace()
            if !consume(UInt8(ascii: "}")) {
                repeat {
                    skipWhitespace()
                    guard let key = string() else { return nil }
                    skipWhitespace()
                    guard consume(UInt8(ascii: ":")) else { return nil }
                    skipWhitespace()
                    guard let value = value(), !members.contains(where: { $0.key == key }) else { return nil }
                    members.append((key, value))
                    skipWhitespace()
                } while consume(UInt8(ascii: ","))
                guard consume(UInt8(ascii: "}")) else { return nil }
            }
            skipWhitespace()
            return index == bytes.count ? members : nil
        }

        private mutating func value() -> Value? {
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "\""): return string().map(Value.string)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return integer().map(Value.integer)
            case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
            case UInt8(ascii: "n"): return literal("null") ? .null : nil
            default: return nil
            }
        }

        /// A string without escapes or control characters, as valid UTF-8.
        private mutating func string() -> String? {
            guard consume(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    let text = String(validating: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                    index += 1
                    return text
                }
                guard byte != UInt8(ascii: "\\"), byte >= 0x20 else { return nil }
                index += 1
            }
            return nil
        }

        /// An integer in JSON syntax (no leading zeros) that fits `Int` and is not followed by
        /// a fraction or an exponent.
        private mutating func integer() -> Int? {
            let negative = consume(UInt8(ascii: "-"))
            let start = index
            var magnitude = 0
            while index < bytes.count, let digit = Self.digit(bytes[index]) {
                let (times, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
                guard !overflow1, !overflow2 else { return nil }
                magnitude = sum
                index += 1
            }
            let length = index - start
            guard length > 0, length == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
            if index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): return nil
                default: break
                }
            }
            return magnitude
        }

        private static func digit(_ byte: UInt8) -> Int? {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
        }

        private mutating func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard bytes.count - index >= count else { return false }
            for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
            index += count
            return true
        }

        private mutating func consume(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        private mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }
    }
}
