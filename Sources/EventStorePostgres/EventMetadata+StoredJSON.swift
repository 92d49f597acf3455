import EventStore
import Foundation

extension EventMetadata {
    /// Decodes metadata as PostgreSQL prints it. Stored metadata is a flat object of string
    /// values, read here without `JSONDecoder` (which cost more than the rest of reading an
    /// event); anything else — other value kinds, `\u` escapes, malformed text — goes through
    /// `JSONDecoder`, so the result is always what it would decode.
    init(storedJSON text: String) throws {
        var text = text
        if let metadata = text.withUTF8({ Self.flatObject(in: $0) }) {
            self = metadata
        } else {
            self = try JSONDecoder().decode(EventMetadata.self, from: Data(text.utf8))
        }
    }

    private static func flatObject(in bytes: UnsafeBufferPointer<UInt8>) -> EventMetadata? {
        var scanner = FlatJSONScanner(bytes: bytes)
        var metadata = EventMetadata()
        guard scanner.consume(UInt8(ascii: "{")) else { return nil }
        if scanner.consume(UInt8(ascii: "}")) { return scanner.atEnd ? metadata : nil }
        repeat {
            guard let key = scanner.string(), scanner.consume(UInt8(ascii: ":")), let value = scanner.string() else { return nil }
            switch key {
            case "actor": metadata.actor = value
            case "idempotencyKey": metadata.idempotencyKey = value
            case "correlationId":
                guard let id = UUID(uuidString: value) else { return nil }
                metadata.correlationId = id
            case "causationId":
                guard let id = UUID(uuidString: value) else { return nil }
                metadata.causationId = id
            default: break
            }
        } while scanner.consume(UInt8(ascii: ","))
        return scanner.consume(UInt8(ascii: "}")) && scanner.atEnd ? metadata : nil
    }
}

/// Reads JSON punctuation and simple strings from UTF-8 bytes; nil for anything it does not handle.
private struct FlatJSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    var atEnd: Bool {
        mutating get {
            skipSpace()
            return index == bytes.count
        }
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// A string literal with no `\u` escape.
    mutating func string() -> String? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        var unescaped: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(validating: unescaped, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { return nil }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): unescaped.append(escaped)
                case UInt8(ascii: "n"): unescaped.append(0x0A)
                case UInt8(ascii: "r"): unescaped.append(0x0D)
                case UInt8(ascii: "t"): unescaped.append(0x09)
                case UInt8(ascii: "b"): unescaped.append(0x08)
                case UInt8(ascii: "f"): unescaped.append(0x0C)
                default: return nil
                }
            case 0..<0x20:
                return nil
            default:
                unescaped.append(byte)
            }
        }
        return nil
    }

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }
}
