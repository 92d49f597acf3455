public import EventStore
import Foundation
public import NexusEvents
public import PostgresNIO

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

    public func statements(for event: NexusEvent, recorded: RecordedEvent) -> [PostgresQuery] {
        let at = recorded.recordedAt.epochMilliseconds
        let version = recorded.version
        switch event {
        case .orderPlaced(let e):
            let lines = Self.linesJSON(e.lines)
            return [
                """
                INSERT INTO orders (id, customer_id, status, lines, total_minor, currency, placed_at, version, updated_at)
                VALUES (\(e.orderId), \(e.customerId), 'placed', \(lines)::jsonb, \(e.total.amountMinor), \(e.total.currency),
                        \(e.placedAt), \(version), timestamptz 'epoch' + \(at) * interval '1 millisecond')
                """,
            ]
        case .orderPaid(let e):
            return ["UPDATE orders SET status = 'paid', paid_at = \(e.paidAt), version = \(version), updated_at = timestamptz 'epoch' + \(at) * interval '1 millisecond' WHERE id = \(e.orderId)"]
        case .orderShipped(let e):
            return ["UPDATE orders SET status = 'shipped', shipped_at = \(e.shippedAt), version = \(version), updated_at = timestamptz 'epoch' + \(at) * interval '1 millisecond' WHERE id = \(e.orderId)"]
        case .orderCancelled(let e):
            return [
                """
                UPDATE orders SET status = 'cancelled', cancelled_at = \(e.cancelledAt), cancel_reason = \(e.reason),
                       version = \(version), updated_at = timestamptz 'epoch' + \(at) * interval '1 millisecond' WHERE id = \(e.orderId)
                """,
            ]
        default:
            return []
        }
    }

    /// The lines as a JSON array of `{sku, quantity, unitPrice: {amountMinor, currency}}`.
    static func linesJSON(_ lines: [OrderLine]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // Encoding strings and integers cannot fail.
        return (try? encoder.encode(lines)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
}
