import Foundation
import NexusEvents
import Testing

@Suite("Event coding")
struct EventCodingTests {
    @Test func everyCurrentSampleRoundTripsThroughTheStoredForm() throws {
        for type in NexusEvent.currentTypes {
            let event = try #require(NexusEvent(type.sample))
            let decoded = try NexusEvent.decode(
                eventType: event.eventType, schemaVersion: event.schemaVersion, data: event.encodedData())
            #expect(decoded == event)
        }
    }

    @Test func typeNamesAreUniqueAndCloudEventTypesNameTheArea() {
        let keys = NexusEvent.currentTypes.map { $0.eventType }
        #expect(Set(keys).count == keys.count)
        #expect(OrderPlaced.cloudEventType == "nexus.orders.OrderPlaced.v1")
        #expect(StockAdjusted.cloudEventType == "nexus.inventory.StockAdjusted.v2")
        #expect(EventArea.catalog.topic == "nexus.catalog")
    }

    @Test func jsonUsesCamelCaseKeysRFC3339UTCDatesAndMinorUnits() throws {
        let event = NexusEvent.orderPaid(OrderPaid(
            orderId: UUID(uuidString: "9B2D7A3C-1E4F-4A5B-8C6D-7E8F9A0B1C2D")!,
            amount: Money(amountMinor: 3998, currency: "EUR"),
            paidAt: Date(timeIntervalSince1970: 1_800_000_000.25)))
        let text = String(decoding: event.encodedData(), as: UTF8.self)
        #expect(text == #"{"amount":{"amountMinor":3998,"currency":"EUR"},"orderId":"9B2D7A3C-1E4F-4A5B-8C6D-7E8F9A0B1C2D","paidAt":"2027-01-15T08:00:00.250Z"}"#)
    }

    @Test func datesWithoutFractionalSecondsAreRead() throws {
        let data = Data(#"{"orderId":"9B2D7A3C-1E4F-4A5B-8C6D-7E8F9A0B1C2D","shippedAt":"2027-01-15T08:00:00Z"}"#.utf8)
        let event = try NexusEvent.decode(eventType: "OrderShipped", schemaVersion: 1, data: data)
        #expect(event == .orderShipped(OrderShipped(
            orderId: UUID(uuidString: "9B2D7A3C-1E4F-4A5B-8C6D-7E8F9A0B1C2D")!, shippedAt: Date(timeIntervalSince1970: 1_800_000_000))))
    }

    @Test func aVersionOneStockAdjustmentIsUpcastToVersionTwo() throws {
        let coded = Data(#"{"sku":"A-1","delta":-2,"reason":" Damaged "}"#.utf8)
        #expect(try NexusEvent.decode(eventType: "StockAdjusted", schemaVersion: 1, data: coded)
            == .stockAdjusted(StockAdjusted(sku: "A-1", delta: -2, reason: .damaged, note: nil)))
        let freeText = Data(#"{"sku":"A-1","delta":3,"reason":"found behind a shelf"}"#.utf8)
        #expect(try NexusEvent.decode(eventType: "StockAdjusted", schemaVersion: 1, data: freeText)
            == .stockAdjusted(StockAdjusted(sku: "A-1", delta: 3, reason: .other, note: "found behind a shelf")))
    }

    @Test func unknownTypesAndBadDataAreTypedErrors() {
        #expect(throws: EventDecodingError.self) {
            try NexusEvent.decode(eventType: "OrderTeleported", schemaVersion: 1, data: Data("{}".utf8))
        }
        do {
            _ = try NexusEvent.decode(eventType: "OrderPaid", schemaVersion: 1, data: Data(#"{"orderId":7}"#.utf8))
            Issue.record("expected a decoding error")
        } catch {
            #expect(error.code == .invalidData)
            #expect(error.key == EventTypeKey(eventType: "OrderPaid", schemaVersion: 1))
        }
        #expect(throws: EventDecodingError.self) {
            try NexusEvent.decode(eventType: "OrderPaid", schemaVersion: 9, data: Data("{}".utf8))
        }
    }

    @Test func streamNames() {
        let id = UUID(uuidString: "9B2D7A3C-1E4F-4A5B-8C6D-7E8F9A0B1C2D")!
        #expect(Streams.user(id) == "user-9b2d7a3c-1e4f-4a5b-8c6d-7e8f9a0b1c2d")
        #expect(Streams.order(id) == "order-9b2d7a3c-1e4f-4a5b-8c6d-7e8f9a0b1c2d")
        #expect(Streams.category("home") == "category-home")
        #expect(Streams.product("SKU-1") == "product-SKU-1")
        #expect(Streams.inventory("SKU-1") == "inventory-SKU-1")
        #expect(Streams.userEmail(reservationKey: "5b0e4f") == "useremail-5b0e4f")
        #expect(Streams.normalizedEmail("  Alice@Example.COM ") == "alice@example.com")
        #expect(Streams.category(of: "inventory-SKU-1") == "inventory")
    }

    @Test func currencyCodesFollowISO4217() {
        #expect(Money(amountMinor: 1, currency: "EUR").isValidCurrency)
        #expect(Money(amountMinor: 1, currency: "JPY").isValidCurrency)
        #expect(!Money(amountMinor: 1, currency: "eur").isValidCurrency)
        #expect(!Money(amountMinor: 1, currency: "ABC").isValidCurrency)
    }
}
