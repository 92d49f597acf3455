import EventStore
import Foundation

extension EventMetadata {
    /// Decodes metadata as PostgreSQL prints it. Stored metadata is a flat object of strings,
    /// read here with ``FlatJSONObject`` instead of `JSONDecoder` (which cost more than the rest
    /// of reading an event); anything that reader does not take — escapes, other value kinds,
    /// malformed text — goes through `JSONDecoder`, so the result is always what it would decode.
    init(storedJSON text: String) throws {
        let data = Data(text.utf8)
        if let object = FlatJSONObject(data), let metadata = Self(flat: object) {
            self = metadata
        } else {
            self = try JSONDecoder().decode(EventMetadata.self, from: data)
        }
    }

    private init?(flat object: FlatJSONObject) {
        self.init()
        for (key, value) in object.members {
            guard case .string(let text) = value else {
                if value == .null { continue }
                return nil
            }
            switch key {
            case "actor": actor = text
            case "idempotencyKey": idempotencyKey = text
            case "correlationId":
                guard let id = UUID(uuidString: text) else { return nil }
                correlationId = id
            case "causationId":
                guard let id = UUID(uuidString: text) else { return nil }
                causationId = id
            default: continue
            }
        }
    }
}
