import EventStore
import Foundation
import NIOCore
import PostgresNIO
import Testing

@testable import EventStorePostgres

/// The decoder of global-log pages sent as one array per column (`RecordedEvent.appendColumns`),
/// without a database: the arrays are written here the way PostgreSQL's `array_send` writes them,
/// then damaged in every way the network or a bug could damage them. Each damage must throw an
/// `EventStoreError`, never trap and never append part of a row.
@Suite("Decoding pages of the global log sent as column arrays")
struct ColumnsDecodingTests {
    static let events: [RecordedEvent] = [
        RecordedEvent(
            id: UUID(), stream: try! StreamName("product-SKU-1"), version: 1, position: 7, type: "ProductCreated✓", schemaVersion: 1,
            data: Data(#"{"name": "Größe 𝄞 — \"quoted\" \\ \n", "price": 100}"#.utf8),
            metadata: EventMetadata(correlationId: UUID(), causationId: UUID(), actor: "user-✓", idempotencyKey: "k-1"),
            recordedAt: date(microseconds: 817_315_200_123_456), hash: String(repeating: "0f", count: 32)),
        RecordedEvent(
            id: UUID(), stream: try! StreamName("inventory-1"), version: 2, position: 9, type: "StockReceived", schemaVersion: 2,
            data: Data(("{\"note\": \"" + String(repeating: "x", count: 70_000) + "\"}").utf8), metadata: EventMetadata(),
            recordedAt: date(microseconds: -500_000), hash: "00ff10ab"),
        RecordedEvent(
            id: UUID(), stream: try! StreamName("order-2"), version: Int64.max, position: Int64.max, type: "T", schemaVersion: Int(Int32.max),
            data: Data("{}".utf8), metadata: EventMetadata(actor: "a \"b\" \\ c"), recordedAt: date(microseconds: -946_684_800_000_000), hash: ""),
    ]

    /// A time as PostgresNIO decodes a `timestamptz` of `microseconds` after 2000-01-01.
    static func date(microseconds: Int64) -> Date {
        Date(timeInterval: Double(microseconds) / 1_000_000, since: Date(timeIntervalSince1970: 946_684_800))
    }

    @Test func decodesEveryFieldAsTheRowDecoderDoes() throws {
        var decoded: [RecordedEvent] = []
        try RecordedEvent.appendColumns(of: Self.columns(Self.events), to: &decoded)
        #expect(decoded == Self.events)
        try RecordedEvent.appendColumns(of: Self.columns(Array(Self.events.prefix(1))), to: &decoded)
        #expect(decoded == Self.events + Self.events.prefix(1))
    }

    @Test func tellsWhetherPositionsRoseFromTheEventsBefore() throws {
        var decoded: [RecordedEvent] = []
        #expect(try RecordedEvent.appendColumns(of: Self.columns(Self.events), to: &decoded))
        #expect(try !RecordedEvent.appendColumns(of: Self.columns(Array(Self.events.prefix(1))), to: &decoded))
        var reversed: [RecordedEvent] = []
        #expect(try !RecordedEvent.appendColumns(of: Self.columns(Self.events.reversed()), to: &reversed))
        #expect(reversed == Self.events.reversed())
    }

    @Test func anEmptyArrayOfEveryColumnIsNoEvents() throws {
        var decoded: [RecordedEvent] = []
        try RecordedEvent.appendColumns(of: Self.columns([]), to: &decoded)
        #expect(decoded.isEmpty)
    }

    @Test func everyTruncationOfEveryColumnThrows() {
        let columns = Self.columns(Array(Self.events.prefix(1)) + [Self.events[2]])
        for (index, column) in columns.enumerated() {
            let bytes = column!
            for length in 0..<bytes.readableBytes {
                var damaged = columns
                damaged[index] = bytes.getSlice(at: bytes.readerIndex, length: length)
                Self.expectMalformed(damaged)
            }
        }
    }

    @Test func aMissingExtraNullOrMisplacedColumnThrows() {
        let columns = Self.columns(Self.events)
        Self.expectMalformed(Array(columns.dropLast()))
        Self.expectMalformed(columns + [columns[0]])
        Self.expectMalformed([nil] + columns.dropFirst())
        Self.expectMalformed([columns[1], columns[0]] + columns.dropFirst(2))  // uuid where int8 belongs
        Self.expectMalformed([])
    }

    @Test func arraysOfDifferentLengthsThrow() {
        var columns = Self.columns(Self.events)
        columns[3] = Self.columns(Array(Self.events.prefix(2)))[3]
        Self.expectMalformed(columns)
    }

    @Test func hostileHeadersAndLengthsThrow() {
        let columns = Self.columns(Self.events)
        // The header is dimensions, flags, element OID, then length and lower bound of the one dimension.
        for (offset, value) in [(0, 2), (0, -1), (4, 2), (4, -1), (12, Int32.max), (12, -1), (12, 4), (12, 2)] as [(Int, Int32)] {
            var damaged = columns
            damaged[0] = Self.replacing(columns[0]!, at: offset, with: value)
            Self.expectMalformed(damaged)
        }
        // The first element's length: NULL, too long, wrong for an int8.
        for value: Int32 in [-1, Int32.max, 4, 9] {
            var damaged = columns
            damaged[0] = Self.replacing(columns[0]!, at: 20, with: value)
            Self.expectMalformed(damaged)
        }
        var trailing = columns
        trailing[5]!.writeInteger(UInt8(0))
        Self.expectMalformed(trailing)
    }

    @Test func aJSONBElementOfAnotherVersionThrows() {
        var columns = Self.columns(Self.events)
        columns[6] = Self.replacing(columns[6]!, at: 24, with: UInt8(2))
        Self.expectMalformed(columns)
    }

    @Test func randomDamageThrowsOrDecodesButNeverTraps() {
        var generator = SystemRandomNumberGenerator()
        let columns = Self.columns(Self.events)
        for _ in 0..<2_000 {
            var damaged = columns
            let index = Int.random(in: 0..<columns.count, using: &generator)
            var bytes = columns[index]!
            let offset = Int.random(in: 0..<min(bytes.readableBytes, 200), using: &generator)
            bytes.setInteger(UInt8.random(in: 0...255, using: &generator), at: bytes.readerIndex + offset)
            damaged[index] = bytes
            var decoded: [RecordedEvent] = []
            do {
                try RecordedEvent.appendColumns(of: damaged, to: &decoded)
                #expect(decoded.count == Self.events.count)
            } catch {
                #expect(error is EventStoreError)
                #expect(decoded.isEmpty)
            }
        }
    }

    // MARK: Writing arrays as `array_send` does

    private static func expectMalformed(_ columns: [ByteBuffer?], sourceLocation: SourceLocation = #_sourceLocation) {
        var decoded: [RecordedEvent] = []
        #expect(throws: EventStoreError.self, sourceLocation: sourceLocation) { try RecordedEvent.appendColumns(of: columns, to: &decoded) }
        #expect(decoded.isEmpty, sourceLocation: sourceLocation)
    }

    private static func replacing<Value: FixedWidthInteger>(_ buffer: ByteBuffer, at offset: Int, with value: Value) -> ByteBuffer {
        var copy = buffer
        copy.setInteger(value, at: copy.readerIndex + offset)
        return copy
    }

    /// The ten column arrays of `events`, in ``RecordedEvent/columnsQuery(after:upTo:limit:)``'s order.
    static func columns(_ events: [RecordedEvent]) -> [ByteBuffer?] {
        [
            array(.int8, events.map { integer($0.position) }),
            array(.uuid, events.map { event in bytes(withUnsafeBytes(of: event.id.uuid) { Array($0) }) }),
            array(.text, events.map { bytes(Array($0.stream.rawValue.utf8)) }),
            array(.int8, events.map { integer($0.version) }),
            array(.text, events.map { bytes(Array($0.type.utf8)) }),
            array(.int4, events.map { integer(Int32($0.schemaVersion)) }),
            array(.jsonb, events.map { bytes([1] + Array($0.data)) }),
            array(.jsonb, events.map { bytes([1] + Array($0.metadata.jsonText.utf8)) }),
            array(.timestamptz, events.map { event in
                integer(Int64((event.recordedAt.timeIntervalSince(Date(timeIntervalSince1970: 946_684_800)) * 1_000_000).rounded()))
            }),
            array(.bytea, events.map { event in bytes(hexBytes(event.hash!)) }),
        ]
    }

    private static func array(_ type: PostgresDataType, _ elements: [ByteBuffer]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int32(elements.isEmpty ? 0 : 1))
        buffer.writeInteger(Int32(0))
        buffer.writeInteger(type.rawValue)
        if !elements.isEmpty {
            buffer.writeInteger(Int32(elements.count))
            buffer.writeInteger(Int32(1))
        }
        for element in elements {
            buffer.writeInteger(Int32(element.readableBytes))
            buffer.writeImmutableBuffer(element)
        }
        return buffer
    }

    private static func integer(_ value: some FixedWidthInteger) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(value)
        return buffer
    }

    private static func bytes(_ bytes: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: bytes) }

    private static func hexBytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
    }
}
