import EventStore
import Foundation

extension EventMetadata {
    /// The metadata as a JSON object, written directly (this runs once per appended event, and
    /// JSONEncoder costs several times more). Keys are sorted; absent fields are omitted, so
    /// `JSONDecoder` reads it back as the same value.
    var jsonText: String {
        var fields: [String] = []
        if let actor { fields.append(#""actor":"# + Self.quoted(actor)) }
        if let causationId { fields.append(#""causationId":""# + causationId.uuidString + #"""#) }
        if let correlationId { fields.append(#""correlationId":""# + correlationId.uuidString + #"""#) }
        if let idempotencyKey { fields.append(#""idempotencyKey":"# + Self.quoted(idempotencyKey)) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// A JSON string literal for `text`.
    static func quoted(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += String(format: "\\u%04x", scalar.value)
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
