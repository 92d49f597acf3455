import Foundation
import NexusEvents

/// Orders: customer, status, lines (JSON), total and the time of each step.
public struct OrdersProjection: Projection {
    public init() {}

    public let name = "orders"
    public let version = 1

    public let handledEventTypes: Set<String> = [
        OrderPlaced.eventType, OrderPaid.eventType, OrderShipped.eventType, OrderCancelled.eventType,
    ]

    public let tables = [
        ReadModelTable(name: "orders", ddl: [
            """
            CREATE TABLE orders (
                id uuid PRIMARY KEY,
                customer_id uuid NOT NULL,
                status text NOT NULL,
                lines jsonb NOT NULL,
                total_minor bigint NOT NULL,
                currency text NOT NULL,
                placed_at timestamptz NOT NULL,
                paid_at timestamptz,
                shipped_at timestamptz,
                cancelled_at timestamptz,
                cancel_reason text,
                version bigint NOT NULL,
                updated_at timestamptz NOT NULL
            )
            """,
            "CREATE INDEX orders_by_customer ON orders (customer_id, placed_at, id)",
        ]),
    ]

    /// The lines as a JSON array of `{sku, quantity, unitPrice: {amountMinor, currency}}`.
    static func linesJSON(_ lines: [OrderLine]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // Encoding strings and integers cannot fail.
        return (try? encoder.encode(lines)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
}
