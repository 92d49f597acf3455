import EventStore
import Foundation
import NIOCore
import PostgresNIO

extension RecordedEvent {
    /// The columns ``init(row:)`` decodes, in order (a constant: no values are ever spliced in).
    static let selectedColumns =
        "position, event_id, stream, stream_version, type, schema_version, data::text, metadata::text, recorded_at, encode(hash, 'hex')"

    /// Decodes a row of ``selectedColumns``, cell by cell with concrete types (the generic tuple
    /// decode cost more than the rest together), the JSON text straight from the row's bytes.
    /// Reads of the whole log in order of position use ``columnsQuery(after:upTo:limit:)`` instead.
    init(row: PostgresRow) throws {
        var cells = row.makeIterator()
        let position = try cells.decodeNext(Int64.self)
        let id = try cells.decodeNext(UUID.self)
        let stream = try StreamName(cells.decodeNext(String.self))
        let version = try cells.decodeNext(Int64.self)
        let type = try cells.decodeNext(String.self)
        let schemaVersion = try cells.decodeNext(Int32.self)
        let data = try cells.decodeNext(ByteBuffer.self)
        let metadata = try cells.decodeNext(ByteBuffer.self)
        let recordedAt = try cells.decodeNext(Date.self)
        let hash = try cells.decodeNext(String.self)
        self.init(
            id: id,
            stream: stream,
            version: version,
            position: position,
            type: type,
            schemaVersion: Int(schemaVersion),
            data: Data(data.readableBytesView),
            metadata: try EventMetadata(storedJSON: metadata),
            recordedAt: recordedAt,
            hash: hash
        )
    }
}

extension PostgresRow.Iterator {
    /// The next cell decoded as `T`; a row with fewer cells than expected is an error, not a trap.
    mutating func decodeNext<T: PostgresDecodable>(_: T.Type) throws -> T {
        guard let cell = next() else {
            throw EventStoreError(.unavailable, "an event row has fewer columns than selected", context: ["expected": "\(T.self)"])
        }
        return try cell.decode(T.self)
    }
}
