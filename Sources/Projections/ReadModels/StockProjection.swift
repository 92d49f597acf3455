public import EventStore
public import NexusEvents
public import PostgresNIO

/// Stock levels per SKU: on hand, reserved, available and the last movement.
public struct StockProjection: Projection {
    public init() {}

    public let name = "stock"
    public let version = 1
    public let handledEventTypes: Set<String> = StockMovement.eventTypes

    public let tables = [
        ReadModelTable(name: "stock", ddl: [
            """
            CREATE TABLE stock (
                sku text PRIMARY KEY,
                on_hand bigint NOT NULL,
                reserved bigint NOT NULL,
                available bigint GENERATED ALWAYS AS (on_hand - reserved) STORED,
                last_movement text NOT NULL,
                last_movement_at timestamptz NOT NULL,
                version bigint NOT NULL
            )
            """,
            "CREATE INDEX stock_by_available ON stock (available, sku)",
        ]),
    ]

    public func statements(for event: NexusEvent, recorded: RecordedEvent) -> [PostgresQuery] {
        guard let movement = StockMovement(event) else { return [] }
        return [
            """
            INSERT INTO stock (sku, on_hand, reserved, last_movement, last_movement_at, version)
            VALUES (\(movement.sku), \(movement.onHand), \(movement.reserved), \(movement.kind),
                    timestamptz 'epoch' + \(recorded.recordedAt.epochMilliseconds) * interval '1 millisecond', \(recorded.version))
            ON CONFLICT (sku) DO UPDATE SET on_hand = stock.on_hand + excluded.on_hand,
                reserved = stock.reserved + excluded.reserved, last_movement = excluded.last_movement,
                last_movement_at = excluded.last_movement_at, version = excluded.version
            """,
        ]
    }
}
