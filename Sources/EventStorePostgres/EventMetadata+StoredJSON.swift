import EventStore
import Foundation
import NIOCore

extension EventMetadata {
    /// Decodes metadata as PostgreSQL prints it. Stored metadata is a flat object of strings,
    /// read here with ``FlatJSONObject`` instead of `JSONDecoder` (which cost more than the rest
    /// of reading an event); anything that reader does not take — escapes, other value kinds,
    /// malformed text — goes through `JSONDecoder`, so the result is always what it would decode.
    /// Empty metadata (`{}`, most events written without a request context) is recognised without
    /// a copy of its bytes.
    init(storedJSON text: ByteBuffer) throws {
        if text.readableBytesView.elementsEqual("{}".utf8) {
            self.init()
            return
        }
        let data = Data(text.readableBytesView)
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
