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
}
