import EventStore
import Foundation
import NexusEvents
import Projections
import Testing

/// What a projection batch tells the read caches, and the `NOTIFY` payload that carries it.
@Suite("Read cache: changes and their payload")
struct ReadCacheChangeTests {
    @Test func aPayloadRoundTrips() {
        let change = ReadCacheChange.keys([.product("SKU-1"), .stock("SKU-\"2\""), .categories, .product("p:s:,[]")])
        #expect(ReadCacheChange(payload: change.payload) == change)
        #expect(ReadCacheChange(payload: ReadCacheChange.all.payload) == .all)
    }

    @Test func anythingElseOnTheChannelClearsEverything() {
        for payload in ["", "*", "x", "[1]", #"["q:SKU"]"#, "{}", String(repeating: "[", count: 10_000)] {
            #expect(ReadCacheChange(payload: payload) == .all, "\(payload.prefix(20))")
        }
    }

    @Test func aChangeTooLargeForANotificationIsAnnouncedAsAll() {
        let keys = Set((0..<2_000).map { ReadCacheKey.product("SKU-\($0)") })
        #expect(ReadCacheChange.keys(keys).payload == "*")
    }

    private static func event(_ event: NexusEvent, stream: String) throws -> ProjectionEvent {
        ProjectionEvent(
            event: event,
            recorded: RecordedEvent(
                id: UUID(), stream: try StreamName(stream), version: 1, position: 1, type: event.eventType, schemaVersion: 1,
                data: Data("{}".utf8), metadata: EventMetadata(), recordedAt: Date(), hash: nil))
    }

    @Test func eachProjectionNamesWhatItsBatchChanged() throws {
        let received = try Self.event(.stockReceived(StockReceived(sku: "SKU-1", quantity: 5)), stream: "inventory-SKU-1")
        let renamed = try Self.event(.productRenamed(ProductRenamed(sku: "SKU-2", name: "New")), stream: "product-SKU-2")
        let category = try Self.event(.categoryRenamed(CategoryRenamed(slug: "tools", name: "Tools")), stream: "category-tools")
        #expect(ProductsProjection().cacheChange(of: [received, renamed]) == .keys([.product("SKU-1"), .product("SKU-2")]))
        #expect(ProductsProjection().cacheChange(of: [received, category]) == .all)
        #expect(StockProjection().cacheChange(of: [received, renamed]) == .keys([.stock("SKU-1")]))
        #expect(CategoriesProjection().cacheChange(of: [category]) == .keys([.categories]))
        #expect(CategoriesProjection().cacheChange(of: [received]) == .none)
        #expect(UsersProjection().cacheChange(of: [received, renamed, category]) == .none)
    }
}
