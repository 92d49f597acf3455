import Foundation

extension AppendRequest {
    /// Checks everything about a request that does not need the store: shape, sizes, names, JSON.
    /// - Throws: ``EventStoreError`` naming the first problem; a request that passes may still
    ///   fail its version checks.
    public func validate() throws(EventStoreError) {
        guard !streams.isEmpty else {
            throw EventStoreError(.invalidRequest, "an append needs at least one stream")
        }
        if let key = idempotencyKey {
            guard !key.isEmpty, key.utf8.count <= Self.maximumIdempotencyKeyLength,
                key.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F })
            else {
                throw EventStoreError(
                    .invalidRequest,
                    "idempotency key must be 1 to \(Self.maximumIdempotencyKeyLength) printable ASCII characters"
                )
            }
        }
        if let fingerprint = requestFingerprint {
            guard !fingerprint.isEmpty, fingerprint.utf8.count <= Self.maximumRequestFingerprintLength,
                fingerprint.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
            else {
                throw EventStoreError(
                    .invalidRequest,
                    "request fingerprint must be 1 to \(Self.maximumRequestFingerprintLength) printable ASCII characters"
                )
            }
        }
        var seen = Set<StreamName>()
        var total = 0
        for append in streams {
            guard seen.insert(append.stream).inserted else {
                throw EventStoreError(.invalidRequest, "a stream may appear only once in an append", context: ["stream": append.stream.rawValue])
            }
            guard !append.events.isEmpty else {
                throw EventStoreError(.invalidRequest, "no events to append", context: ["stream": append.stream.rawValue])
            }
            total += append.events.count
            for event in append.events {
                try event.validate(stream: append.stream)
            }
        }
        guard total <= Self.maximumEventCount else {
            throw EventStoreError(
                .invalidRequest,
                "an append may carry at most \(Self.maximumEventCount) events",
                context: ["events": "\(total)"]
            )
        }
    }
}

extension EventData {
    /// Checks the type name, schema version, payload size and that the payload is a JSON object.
    func validate(stream: StreamName) throws(EventStoreError) {
        let context = ["stream": stream.rawValue, "eventId": id.uuidString]
        guard !type.isEmpty, type.utf8.count <= Self.maximumTypeLength,
            type.utf8.allSatisfy({ isTypeNameByte($0) })
        else {
            throw EventStoreError(
                .invalidEventData,
                "event type must be 1 to \(Self.maximumTypeLength) characters of A-Z a-z 0-9 . _",
                context: context
            )
        }
        guard schemaVersion >= 1, schemaVersion <= 1000 else {
            throw EventStoreError(.invalidEventData, "schema version must be between 1 and 1000", context: context)
        }
        guard data.count <= Self.maximumDataSize else {
            throw EventStoreError(
                .eventTooLarge,
                "event data is \(data.count) bytes; the limit is \(Self.maximumDataSize)",
                context: context
            )
        }
        guard JSONObjectSyntax.isObject(data) else {
            throw EventStoreError(.invalidEventData, "event data must be a JSON object", context: context)
        }
        if let actor = metadata.actor, actor.utf8.count > 200 || actor.utf8.contains(0) {
            throw EventStoreError(.invalidEventData, "metadata actor must be at most 200 bytes without NUL", context: context)
        }
    }
}

private func isTypeNameByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "."), UInt8(ascii: "_"):
        true
    default:
        false
    }
}
