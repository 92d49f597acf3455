import EventStore
import Foundation
import NexusEvents

/// Decodes the inventory events, the bulk of a store, without `JSONDecoder`.
///
/// Their payloads are flat objects of a few scalars (``FlatJSONObject``); the event is built
/// with the payload's own initializer, so it equals what `NexusEvent.decode` gives. Any other
/// type, schema version or shape gives `nil`, and the caller decodes with `NexusEvent.decode`
/// (which also reports invalid data).
enum StockMovementDecoder {
    /// The event stored as `type` v`schemaVersion` with `data`, or `nil` to use the full decoder.
    static func decode(type: String, schemaVersion: Int, data: Data) -> NexusEvent? {
        guard StockMovement.eventTypes.contains(type), let object = FlatJSONObject(data), let sku = object.string("sku") else {
            return nil
        }
        switch (type, schemaVersion) {
        case (StockReceived.eventType, StockReceived.schemaVersion):
            guard let quantity = object.integer("quantity") else { return nil }
            return .stockReceived(StockReceived(sku: sku, quantity: quantity))
        case (StockAdjusted.eventType, StockAdjusted.schemaVersion):
            guard let delta = object.integer("delta"), let reason = object.string("reason").flatMap(AdjustmentReason.init(rawValue:)),
                let note = object.optionalString("note")
            else { return nil }
            return .stockAdjusted(StockAdjusted(sku: sku, delta: delta, reason: reason, note: note))
        case (StockAdjustedV1.eventType, StockAdjustedV1.schemaVersion):
            guard let delta = object.integer("delta"), let reason = object.string("reason") else { return nil }
            return .stockAdjusted(StockAdjustedV1(sku: sku, delta: delta, reason: reason).upcast())
        case (StockReserved.eventType, StockReserved.schemaVersion):
            guard let (orderId, quantity) = orderLine(object) else { return nil }
            return .stockReserved(StockReserved(sku: sku, orderId: orderId, quantity: quantity))
        case (StockReservationReleased.eventType, StockReservationReleased.schemaVersion):
            guard let (orderId, quantity) = orderLine(object) else { return nil }
            return .stockReservationReleased(StockReservationReleased(sku: sku, orderId: orderId, quantity: quantity))
        case (StockShipped.eventType, StockShipped.schemaVersion):
            guard let (orderId, quantity) = orderLine(object) else { return nil }
            return .stockShipped(StockShipped(sku: sku, orderId: orderId, quantity: quantity))
        default:
            return nil
        }
    }

    private static func orderLine(_ object: FlatJSONObject) -> (UUID, Int)? {
        guard let orderId = object.string("orderId").flatMap(UUID.init(uuidString:)), let quantity = object.integer("quantity") else {
            return nil
        }
        return (orderId, quantity)
    }
}
