import EventStore
import Foundation
import NIOCore
import PostgresNIO

/// Reads a one-dimensional array without NULLs as PostgreSQL sends it in binary (`array_send`):
/// the number of dimensions, a has-nulls flag, the element type's OID, the length and lower bound
/// of the dimension, then per element a 4-byte length and its bytes. Every other shape — another
/// element type, more dimensions, a NULL element, a length past the end, bytes left over — is an
/// ``EventStoreError``, never a trap: the bytes come from the network.
struct BinaryArrayReader {
    private var buffer: ByteBuffer
    /// The elements not yet read.
    private(set) var remaining: Int
    /// The column's name, for errors.
    let column: String

    init(_ cell: ByteBuffer?, elementType: PostgresDataType, column: String) throws {
        self.column = column
        guard var buffer = cell else { throw Self.malformed("the array is NULL", column: column) }
        guard let dimensions = buffer.readInteger(as: Int32.self), let flags = buffer.readInteger(as: Int32.self),
            let oid = buffer.readInteger(as: UInt32.self)
        else { throw Self.malformed("the array header is truncated", column: column) }
        guard flags == 0 || flags == 1 else { throw Self.malformed("the array's flags are \(flags)", column: column) }
        guard oid == elementType.rawValue else {
            throw Self.malformed("the array's elements have type \(oid), not \(elementType.rawValue)", column: column)
        }
        switch dimensions {
        case 0:
            remaining = 0
        case 1:
            guard let length = buffer.readInteger(as: Int32.self), buffer.readInteger(as: Int32.self) != nil else {
                throw Self.malformed("the array header is truncated", column: column)
            }
            // Each element takes at least its 4-byte length: a larger count cannot be true.
            guard length >= 0, Int(length) <= buffer.readableBytes / 4 else {
                throw Self.malformed("the array claims \(length) elements in \(buffer.readableBytes) bytes", column: column)
            }
            remaining = Int(length)
        default:
            throw Self.malformed("the array has \(dimensions) dimensions", column: column)
        }
        self.buffer = buffer
    }

    /// Checks that every element was read and no bytes are left over.
    func finish() throws {
        guard remaining == 0, buffer.readableBytes == 0 else {
            throw Self.malformed("\(remaining) elements and \(buffer.readableBytes) bytes are left over", column: column)
        }
    }

    /// The next element's length, checked against the bytes that are left (and against
    /// `expected`, when given).
    private mutating func nextLength(expected: Int? = nil) throws -> Int {
        guard remaining > 0 else { throw Self.malformed("the array has fewer elements than announced", column: column) }
        guard let length = buffer.readInteger(as: Int32.self) else { throw Self.malformed("an element's length is truncated", column: column) }
        guard length >= 0 else { throw Self.malformed("an element is NULL", column: column) }
        guard Int(length) <= buffer.readableBytes else {
            throw Self.malformed("an element of \(length) bytes has only \(buffer.readableBytes)", column: column)
        }
        if let expected, length != expected {
            throw Self.malformed("an element has \(length) bytes, not \(expected)", column: column)
        }
        remaining -= 1
        return Int(length)
    }

    /// The next element's `length` bytes handed to `body` (checked: they are readable).
    private mutating func readBytes<T>(_ length: Int, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        buffer.readWithUnsafeReadableBytes { bytes in (length, body(UnsafeRawBufferPointer(rebasing: bytes.prefix(length)))) }
    }

    /// The next `int8` element.
    mutating func nextInt64() throws -> Int64 {
        _ = try nextLength(expected: 8)
        return buffer.readInteger(as: Int64.self)!  // nextLength checked that 8 bytes are readable
    }

    /// The next `int4` element.
    mutating func nextInt32() throws -> Int32 {
        _ = try nextLength(expected: 4)
        return buffer.readInteger(as: Int32.self)!  // nextLength checked that 4 bytes are readable
    }

    /// The next `text` element (invalid UTF-8 repaired, as PostgresNIO decodes text).
    mutating func nextString() throws -> String {
        let length = try nextLength()
        return readBytes(length) { String(decoding: $0, as: UTF8.self) }
    }

    /// The next `uuid` element.
    mutating func nextUUID() throws -> UUID {
        readBytes(try nextLength(expected: 16)) { UUID(uuid: $0.loadUnaligned(as: uuid_t.self)) }
    }

    /// The next `timestamptz` element: microseconds since 2000-01-01 UTC, converted as PostgresNIO does.
    mutating func nextDate() throws -> Date {
        let microseconds = try nextInt64()
        return Date(timeInterval: Double(microseconds) / 1_000_000, since: Self.postgresEpoch)
    }

    /// The next `jsonb` element's JSON text (after the format's version byte, which must be 1).
    mutating func nextJSON() throws -> ByteBuffer {
        let length = try nextLength()
        var slice = buffer.readSlice(length: length)!  // nextLength checked the length against the readable bytes
        guard slice.readInteger(as: UInt8.self) == 1 else { throw Self.malformed("a jsonb element is not of version 1", column: column) }
        return slice
    }

    /// The next `jsonb` element read as ``EventStore/EventMetadata`` (see ``EventStore/EventMetadata/init(storedJSON:)``).
    mutating func nextMetadata() throws -> EventMetadata {
        let text = try nextJSON()
        do {
            return try EventMetadata(storedJSON: text)
        } catch {
            throw Self.malformed("an element is not event metadata", column: column)
        }
    }

    /// The next `jsonb` element's JSON text as `Data`.
    mutating func nextJSONData() throws -> Data {
        let length = try nextLength()
        let data: Data? = readBytes(length) { bytes in
            bytes.first == 1 ? Data(UnsafeRawBufferPointer(rebasing: bytes.dropFirst())) : nil
        }
        guard let data else { throw Self.malformed("a jsonb element is not of version 1", column: column) }
        return data
    }

    /// The next `bytea` element in lower-case hex, as `encode(value, 'hex')` prints it.
    mutating func nextHex() throws -> String {
        readBytes(try nextLength()) { bytes in
            String(unsafeUninitializedCapacity: bytes.count * 2) { text in
                for (index, byte) in bytes.enumerated() {
                    text[2 * index] = Self.hexDigits[Int(byte >> 4)]
                    text[2 * index + 1] = Self.hexDigits[Int(byte & 0x0F)]
                }
                return bytes.count * 2
            }
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
    /// PostgreSQL's epoch for dates and times.
    private static let postgresEpoch = Date(timeIntervalSince1970: 946_684_800)

    private static func malformed(_ problem: String, column: String) -> EventStoreError {
        EventStoreError(.unavailable, "the event store returned a malformed page", context: ["column": column, "problem": problem])
    }
}
