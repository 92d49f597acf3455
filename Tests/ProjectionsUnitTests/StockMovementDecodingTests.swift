import EventStore
import Foundation
import NexusEvents
import Projections
import Testing

/// The rebuild reads stock movements without `JSONDecoder`; whatever the stored bytes, the
/// outcome must be the one of `NexusEvent.decode`: the same event, or an error.
@Suite("Stock movements decode as NexusEvent.decode does")
struct StockMovementDecodingTests {
    static let orderId = "6f1c2f0e-8a4b-4c39-9d0e-2b7f6a1d3c55"

    /// (type, schema version, stored data) covering the fast path and every reason to leave it.
    static let cases: [(String, Int, String)] = [
        ("StockReceived", 1, #"{"quantity":5,"sku":"SKU-1"}"#),
        ("StockReceived", 1, #"{"sku": "SKU-1", "quantity": 5}"#),
        ("StockReceived", 1, " \n{ \"sku\" :\t\"SKU-1\" , \"quantity\" : -12 }\r\n"),
        ("StockReceived", 1, #"{"sku":"SKU-1","quantity":5,"extra":true,"other":null}"#),
        ("StockReceived", 1, #"{"sku":"SKU-\u00e9","quantity":5}"#),
        ("StockReceived", 1, #"{"sku":"SKU-\"q\"","quantity":5}"#),
        ("StockReceived", 1, #"{"sku":"SKÜ-ünïcode","quantity":5}"#),
        ("StockReceived", 1, #"{"sku":"SKU-1","quantity":5.0}"#),
        ("StockReceived", 1, #"{"sku":"SKU-1","quantity":5.5}"#),
        ("StockReceived", 1, #"{"sku":"SKU-1","quantity":1e2}"#),
        ("StockReceived", 1, #"{"sku":"SKU-1","quantity":05}"#),
        ("StockReceived", 1, #"{"sku":"SKU-1","quantity":-0}"#),
        ("StockReceived", 1, #"{"sku":"SKU-1","quantity":99999999999999999999}"#),
        ("StockReceived", 1, #"{"sku":"SKU-1","quantity":"5"}"#),
        ("StockReceived", 1, #"{"sku":"SKU-1"}"#),
        ("StockReceived", 1, #"{"sku":"SKU-1","quantity":5"#),
        ("StockReceived", 1, #"{"sku":"SKU-1","quantity":5}x"#),
        ("StockReceived", 1, #"{"sku":"SKU-1","quantity":5,}"#),
        ("StockReceived", 1, #"{"sku":"SKU-1","quantity":[5]}"#),
        ("StockReceived", 1, #"{"sku":"A","sku":"B","quantity":5}"#),
        ("StockReceived", 1, #"[]"#),
        ("StockReceived", 1, ""),
        ("StockReceived", 2, #"{"sku":"SKU-1","quantity":5}"#),
        ("StockAdjusted", 2, #"{"sku":"SKU-1","delta":-1,"reason":"damaged","note":null}"#),
        ("StockAdjusted", 2, #"{"sku":"SKU-1","delta":-1,"reason":"damaged"}"#),
        ("StockAdjusted", 2, #"{"sku":"SKU-1","delta":3,"reason":"found","note":"behind a shelf"}"#),
        ("StockAdjusted", 2, #"{"sku":"SKU-1","delta":3,"reason":"misplaced","note":null}"#),
        ("StockAdjusted", 2, #"{"sku":"SKU-1","delta":3,"reason":"found","note":7}"#),
        ("StockAdjusted", 1, #"{"sku":"SKU-1","delta":3,"reason":" Found "}"#),
        ("StockAdjusted", 1, #"{"sku":"SKU-1","delta":3,"reason":"found behind a shelf"}"#),
        ("StockReserved", 1, #"{"sku":"SKU-1","orderId":"\#(orderId)","quantity":2}"#),
        ("StockReserved", 1, #"{"sku":"SKU-1","orderId":"\#(orderId.uppercased())","quantity":2}"#),
        ("StockReserved", 1, #"{"sku":"SKU-1","orderId":"not-a-uuid","quantity":2}"#),
        ("StockReservationReleased", 1, #"{"sku":"SKU-1","orderId":"\#(orderId)","quantity":2}"#),
        ("StockShipped", 1, #"{"sku":"SKU-1","orderId":"\#(orderId)","quantity":2}"#),
        ("StockShipped", 1, #"{"sku":"SKU-1","orderId":"\#(orderId)","quantity":true}"#),
    ]

    @Test("same event or an undecodable-event error", arguments: cases.indices)
    func sameOutcome(index: Int) throws {
        let (type, schemaVersion, text) = Self.cases[index]
        let data = Data(text.utf8)
        let expected = try? NexusEvent.decode(eventType: type, schemaVersion: schemaVersion, data: data)
        let recorded = RecordedEvent(
            id: UUID(), stream: try StreamName("inventory-SKU-1"), version: 1, position: 1, type: type, schemaVersion: schemaVersion,
            data: data, metadata: EventMetadata(), recordedAt: Date(), hash: nil
        )
        do {
            let decoded = try ProjectionApplier.decode([recorded], types: [type])
            #expect(decoded.map(\.event) == [expected].compactMap { $0 }, "\(type) v\(schemaVersion): \(text)")
            #expect(expected != nil, "decoded although NexusEvent.decode rejects it: \(text)")
        } catch {
            #expect(error.code == .undecodableEvent)
            #expect(expected == nil, "rejected although NexusEvent.decode reads it: \(text)")
        }
    }

    @Test("every sample stock movement round-trips through its stored JSON")
    func samples() throws {
        let events: [NexusEvent] = [
            .stockReceived(.sample), .stockAdjusted(.sample), .stockReserved(.sample),
            .stockReservationReleased(.sample), .stockShipped(.sample),
            .stockAdjusted(StockAdjusted(sku: "SKU \"quoted\" é", delta: -3, reason: .other, note: nil)),
        ]
        for event in events {
            let recorded = RecordedEvent(
                id: UUID(), stream: try StreamName("inventory-SKU-1"), version: 1, position: 1, type: event.eventType,
                schemaVersion: event.schemaVersion, data: event.encodedData(), metadata: EventMetadata(), recordedAt: Date(), hash: nil
            )
            #expect(try ProjectionApplier.decode([recorded], types: [event.eventType]).map(\.event) == [event])
        }
    }
}
