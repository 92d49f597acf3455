import EventStorePostgres
public import Logging
public import PostgresNIO

extension StockProjection {
    /// Adds each SKU's summed movements in one upsert; the last movement of the batch wins.
    public func apply(_ events: [ProjectionEvent], on connection: PostgresConnection, logger: Logger) async throws {
        var changes = StockChanges()
        for event in events { _ = changes.add(event) }
        guard !changes.isEmpty else { return }
        let levels = changes.orderedLevels
        try await connection.queryIfOpen(
            """
            INSERT INTO stock (sku, on_hand, reserved, last_movement, last_movement_at, version)
            SELECT u.sku, u.on_hand, u.reserved, u.kind, timestamptz 'epoch' + u.at * interval '1 millisecond', u.version
              FROM unnest(\(changes.skus)::text[], \(levels.map(\.onHand))::int8[], \(levels.map(\.reserved))::int8[],
                          \(levels.map(\.lastKind))::text[], \(levels.map(\.lastAt))::int8[], \(levels.map(\.lastVersion))::int8[])
                   AS u(sku, on_hand, reserved, kind, at, version)
            ON CONFLICT (sku) DO UPDATE SET on_hand = stock.on_hand + excluded.on_hand,
                reserved = stock.reserved + excluded.reserved, last_movement = excluded.last_movement,
                last_movement_at = excluded.last_movement_at, version = excluded.version
            """,
            logger: logger
        )
    }
}
