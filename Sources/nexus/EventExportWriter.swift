import EventStore
import Foundation

/// Encodes recorded events as JSON lines or CSV rows, byte by byte into one buffer per page: the
/// event's data is the JSON text the database holds, written as it is; everything else is
/// written the way `JSONEncoder` (sorted keys) and `Date.ISO8601FormatStyle` print it, with
/// those as the fallback for any string that needs escaping.
struct EventExportWriter {
    let format: ExportCommand.Format

    /// The CSV header row (nothing for JSON lines).
    var header: Data {
        switch format {
        case .jsonl: Data()
        case .csv: Data("position,event_id,stream,version,type,schema_version,recorded_at,hash,data,metadata\n".utf8)
        }
    }

    func encode(_ events: [RecordedEvent]) -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(events.count * 320)
        for event in events {
            switch format {
            case .jsonl: appendJSONLine(event, to: &out)
            case .csv: appendCSVRow(event, to: &out)
            }
        }
        return Data(out)
    }

    private func appendJSONLine(_ event: RecordedEvent, to out: inout [UInt8]) {
        Self.append(#"{"position":"#, to: &out)
        Self.appendDecimal(event.position, to: &out)
        Self.append(#","eventId":""#, to: &out)
        event.id.appendHex(to: &out)
        Self.append(#"","stream":"#, to: &out)
        Self.appendQuoted(event.stream.rawValue, to: &out)
        Self.append(#","version":"#, to: &out)
        Self.appendDecimal(event.version, to: &out)
        Self.append(#","type":"#, to: &out)
        Self.appendQuoted(event.type, to: &out)
        Self.append(#","schemaVersion":"#, to: &out)
        Self.appendDecimal(Int64(event.schemaVersion), to: &out)
        Self.append(#","recordedAt":""#, to: &out)
        RecordedTime.appendMilliseconds(event.recordedAt, to: &out)
        Self.append(#"","hash":"#, to: &out)
        Self.appendQuoted(event.hash ?? "", to: &out)
        Self.append(#","data":"#, to: &out)
        out += event.data
        Self.append(#","metadata":"#, to: &out)
        Self.appendMetadata(event.metadata, to: &out)
        Self.append("}\n", to: &out)
    }

    /// The bytes of `literal` (one copy, no `String`).
    private static func append(_ literal: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// `value` in decimal, as `String(value)` writes it, without building the string.
    private static func appendDecimal(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = out.count
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        out[start...].reverse()
    }

    private func appendCSVRow(_ event: RecordedEvent, to out: inout [UInt8]) {
        var recordedAt: [UInt8] = []
        RecordedTime.appendMilliseconds(event.recordedAt, to: &recordedAt)
        var metadata: [UInt8] = []
        Self.appendMetadata(event.metadata, to: &metadata)
        var id: [UInt8] = []
        event.id.appendHex(to: &id)
        let fields: [[UInt8]] = [
            Array(String(event.position).utf8), id, Array(event.stream.rawValue.utf8),
            Array(String(event.version).utf8), Array(event.type.utf8), Array(String(event.schemaVersion).utf8), recordedAt,
            Array((event.hash ?? "").utf8), Array(event.data), metadata,
        ]
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            Self.appendCSVField(field, to: &out)
        }
        out.append(UInt8(ascii: "\n"))
    }

    /// A field as is, or in double quotes with its quotes doubled when it holds a comma, quote or line break.
    private static func appendCSVField(_ field: [UInt8], to out: inout [UInt8]) {
        guard field.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") })
        else {
            out += field
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in field {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `JSONEncoder`'s text of `metadata` with sorted keys: absent members left out, ids in upper case.
    private static func appendMetadata(_ metadata: EventMetadata, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        var first = true
        func key(_ name: StaticString) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(UInt8(ascii: "\""))
            append(name, to: &out)
            append("\":", to: &out)
        }
        if let actor = metadata.actor {
            key("actor")
            appendQuoted(actor, to: &out)
        }
        if let causationId = metadata.causationId {
            key("causationId")
            out.append(UInt8(ascii: "\""))
            causationId.appendHex(to: &out, uppercase: true)
            out.append(UInt8(ascii: "\""))
        }
        if let correlationId = metadata.correlationId {
            key("correlationId")
            out.append(UInt8(ascii: "\""))
            correlationId.appendHex(to: &out, uppercase: true)
            out.append(UInt8(ascii: "\""))
        }
        if let idempotencyKey = metadata.idempotencyKey {
            key("idempotencyKey")
            appendQuoted(idempotencyKey, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// `value` as a JSON string: printable ASCII without quote, backslash or slash as is, anything
    /// else as `JSONEncoder` writes it.
    private static func appendQuoted(_ value: String, to out: inout [UInt8]) {
        var value = value
        let plain = value.withUTF8 { bytes in
            for byte in bytes where byte < 0x20 || byte >= 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "/") {
                return false
            }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: bytes)
            out.append(UInt8(ascii: "\""))
            return true
        }
        guard !plain else { return }
        out += (try? JSONEncoder().encode(value)) ?? Data("\"\"".utf8)
    }
}
