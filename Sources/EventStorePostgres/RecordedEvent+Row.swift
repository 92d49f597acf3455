import EventStore
import Foundation
import PostgresNIO

extension RecordedEvent {
    /// The columns ``init(row:)`` decodes, in order (a constant: no values are ever spliced in).
    static let selectedColumns =
        "position, event_id, stream, stream_version, type, schema_version, data::text, metadata::text, recorded_at, encode(hash, 'hex')"

    /// Decodes a row of ``selectedColumns``.
    init(row: PostgresRow) throws {
        let (position, id, stream, version, type, schemaVersion, data, metadata, recordedAt, hash) = try row.decode(
            (Int64, UUID, String, Int64, String, Int32, String, String, Date, String).self
        )
        self.init(
            id: id,
            stream: try StreamName(stream),
            version: version,
            position: position,
            type: type,
            schemaVersion: Int(schemaVersion),
            data: Data(data.utf8),
            metadata: try EventMetadata(storedJSON: metadata),
            recordedAt: recordedAt,
            hash: hash
        )
    }
}
