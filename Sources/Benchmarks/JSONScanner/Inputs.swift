import EventStore
import Foundation
import NexusEvents

/// The payloads the micro-benchmarks read: what `nexus bench append` appends, an order with
/// three lines as the service writes it, and the stock receipt, the commonest event of a store.
enum Inputs {
    static let appendPayload = Data(#"{"sku":"SKU-000123","quantity":3,"orderId":"6f1c2f8e-8d0a-4c55-9d55-2f1f4c9e0b11","note":"benchmark"}"#.utf8)

    static let orderPayload: Data = {
        let price = Money(amountMinor: 1999, currency: "EUR")
        let lines = (1...3).map { OrderLine(sku: "SKU-100\($0)", quantity: $0, unitPrice: price) }
        return NexusEvent.orderPlaced(OrderPlaced(
            orderId: UUID(uuidString: "9B2D7A3C-1E4F-4A5B-8C6D-7E8F9A0B1C2D")!, customerId: UUID(uuidString: "3F2504E0-4F89-11D3-9A0C-0305E82C3301")!,
            lines: lines, total: Money(amountMinor: 6 * 1999, currency: "EUR"), placedAt: Date(timeIntervalSince1970: 1_795_000_000)
        )).encodedData()
    }()

    static let payloads: [(String, Data)] = [("append payload (\(appendPayload.count) B)", appendPayload), ("OrderPlaced (\(orderPayload.count) B)", orderPayload)]

    static let stockReceived = Data(#"{"sku":"SKU-000123","quantity":5}"#.utf8)

    /// What the projections' stock decoder does with a flat payload: read it, then build the event.
    static func flatStockReceived(_ data: Data) -> NexusEvent? {
        guard let object = FlatJSONObject(data), let sku = object.string("sku"), let quantity = object.integer("quantity") else { return nil }
        return .stockReceived(StockReceived(sku: sku, quantity: quantity))
    }
}
