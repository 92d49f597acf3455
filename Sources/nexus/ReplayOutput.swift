import EventStore
import Foundation
import NexusEvents

/// Formats `nexus replay` output.
enum ReplayOutput {
    static func json(stream: String, state: JSONValue, events: [RecordedEvent]) throws -> String {
        let eventValues: [JSONValue] = try events.map { event in
            .object([
                "position": .integer(Int(event.position)),
                "version": .integer(Int(event.version)),
                "type": .string(event.type),
                "schemaVersion": .integer(event.schemaVersion),
                "recordedAt": .string(event.recordedAt.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))),
                "data": try JSONDecoder().decode(JSONValue.self, from: event.data),
            ])
        }
        let document: JSONValue = .object(["stream": .string(stream), "state": state, "events": .array(eventValues)])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }

    static func table(stream: String, state: JSONValue, events: [RecordedEvent]) -> String {
        var lines = ["stream \(stream) — \(events.count) event(s), version \(events.last?.version ?? 0)", "", "state:"]
        if case .object(let fields) = state {
            let width = fields.keys.map(\.count).max() ?? 0
            for key in fields.keys.sorted() {
                lines.append("  " + key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + compact(fields[key]!))
            }
        }
        lines += ["", "events:", "  position  version  recorded at                    type"]
        for event in events {
            lines.append(
                "  " + pad("\(event.position)", 8) + "  " + pad("\(event.version)", 7) + "  "
                    + pad(event.recordedAt.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)), 29) + "  "
                    + "\(event.type) v\(event.schemaVersion)"
            )
        }
        return lines.joined(separator: "\n")
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private static func compact(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "?" }
        return String(decoding: data, as: UTF8.self)
    }
}
