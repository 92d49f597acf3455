import NIOCore
import PostgresNIO

/// A `timestamptz` as exact microseconds since 1970 (PostgreSQL keeps microseconds; a `Date`,
/// a `Double`, may not round-trip them), so a page key compares exactly with the column.
struct Microseconds: PostgresNonThrowingEncodable, PostgresDecodable {
    /// PostgreSQL counts from 2000-01-01.
    private static let postgresEpoch: Int64 = 946_684_800_000_000

    /// The instants a key may name: 1970 up to the end of 9999 (validated by callers, so the
    /// conversion never overflows).
    static let range: ClosedRange<Int64> = 0...253_402_300_799_999_999

    var sinceEpoch: Int64

    init(sinceEpoch: Int64) {
        self.sinceEpoch = sinceEpoch
    }

    static var psqlType: PostgresDataType { .timestamptz }
    static var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        byteBuffer.writeInteger(min(max(sinceEpoch, Self.range.lowerBound), Self.range.upperBound) - Self.postgresEpoch)
    }

    init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat, context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        guard type == .timestamptz, buffer.readableBytes == 8, let value = buffer.readInteger(as: Int64.self) else {
            throw PostgresDecodingError.Code.typeMismatch
        }
        let (sum, overflow) = value.addingReportingOverflow(Self.postgresEpoch)
        guard !overflow else { throw PostgresDecodingError.Code.failure }
        sinceEpoch = sum
    }
}
