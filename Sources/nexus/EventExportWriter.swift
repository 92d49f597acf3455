import EventStore
import Foundation

/// Encodes recorded events as JSON lines or CSV rows.
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
        var out = Data()
        for event in events {
            switch format {
            case .jsonl: out.append(jsonLine(event))
            case .csv: out.append(csvRow(event))
            }
        }
        return out
    }

    private func metadataJSON(_ event: RecordedEvent) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(event.metadata)) ?? Data("{}".utf8)
    }

    private func jsonLine(_ event: RecordedEvent) -> Data {
        var line = Data("{\"position\":\(event.position),\"eventId\":\"\(event.id.uuidString.lowercased())\",".utf8)
        line.append(Data("\"stream\":\(quoted(event.stream.rawValue)),\"version\":\(event.version),".utf8))
        line.append(Data("\"type\":\(quoted(event.type)),\"schemaVersion\":\(event.schemaVersion),".utf8))
        line.append(Data("\"recordedAt\":\"\(timestamp(event.recordedAt))\",\"hash\":\(quoted(event.hash ?? "")),\"data\":".utf8))
        line.append(event.data)
        line.append(Data(",\"metadata\":".utf8))
        line.append(metadataJSON(event))
        line.append(Data("}\n".utf8))
        return line
    }

    private func csvRow(_ event: RecordedEvent) -> Data {
        let fields = [
            "\(event.position)", event.id.uuidString.lowercased(), event.stream.rawValue, "\(event.version)", event.type,
            "\(event.schemaVersion)", timestamp(event.recordedAt), event.hash ?? "",
            String(decoding: event.data, as: UTF8.self), String(decoding: metadataJSON(event), as: UTF8.self),
        ]
        return Data((fields.map(csvField).joined(separator: ",") + "\n").utf8)
    }

    private func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private func quoted(_ value: String) -> String {
        String(decoding: (try? JSONEncoder().encode(value)) ?? Data("\"\"".utf8), as: UTF8.self)
    }

    private func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
