import EventStorePostgres
import Foundation
public import Logging
import NexusEvents
public import PostgresNIO

extension OrdersProjection {
    /// The final change of one order within a batch.
    struct OrderChange {
        var placed: OrderPlaced?
        var status: String?
        var paidAt: Date?
        var shippedAt: Date?
        var cancelledAt: Date?
        var cancelReason: String?
        var version: Int64 = 0
        var at: Int64 = 0
    }

    /// Folds the batch per order: orders placed in it are inserted with their final state, the
    /// others updated once.
    public func apply(_ events: [ProjectionEvent], on connection: PostgresConnection, logger: Logger) async throws {
        var ids: [UUID] = []
        var changes: [UUID: OrderChange] = [:]
        for event in events {
            let id: UUID
            var change: OrderChange
            switch event.event {
            case .orderPlaced(let e): (id, change) = (e.orderId, OrderChange(placed: e, status: "placed"))
            case .orderPaid(let e): (id, change) = (e.orderId, changes[e.orderId] ?? OrderChange()); (change.status, change.paidAt) = ("paid", e.paidAt)
            case .orderShipped(let e): (id, change) = (e.orderId, changes[e.orderId] ?? OrderChange()); (change.status, change.shippedAt) = ("shipped", e.shippedAt)
            case .orderCancelled(let e):
                (id, change) = (e.orderId, changes[e.orderId] ?? OrderChange())
                (change.status, change.cancelledAt, change.cancelReason) = ("cancelled", e.cancelledAt, e.reason)
            default: continue
            }
            if changes[id] == nil { ids.append(id) }
            change.version = event.version
            change.at = event.at
            changes[id] = change
        }
        let placed = ids.filter { changes[$0]?.placed != nil }
        let updated = ids.filter { changes[$0]?.placed == nil }
        if !placed.isEmpty { try await insert(placed.compactMap { changes[$0] }, on: connection, logger: logger) }
        if !updated.isEmpty { try await update(updated, updated.compactMap { changes[$0] }, on: connection, logger: logger) }
    }

    private func insert(_ changes: [OrderChange], on connection: PostgresConnection, logger: Logger) async throws {
        let orders = changes.compactMap(\.placed)
        let columns = TimeColumns(changes)
        try await connection.queryIfOpen(
            """
            INSERT INTO orders (id, customer_id, status, lines, total_minor, currency, placed_at, paid_at, shipped_at,
                                cancelled_at, cancel_reason, version, updated_at)
            SELECT u.id, u.customer_id, u.status, u.lines::jsonb, u.total_minor, u.currency, u.placed_at,
                   CASE WHEN u.has_paid THEN u.paid_at END, CASE WHEN u.has_shipped THEN u.shipped_at END,
                   CASE WHEN u.has_cancelled THEN u.cancelled_at END, CASE WHEN u.has_reason THEN u.reason END,
                   u.version, timestamptz 'epoch' + u.at * interval '1 millisecond'
              FROM unnest(\(orders.map(\.orderId))::uuid[], \(orders.map(\.customerId))::uuid[], \(changes.map { $0.status ?? "placed" })::text[],
                          \(orders.map { Self.linesJSON($0.lines) })::text[], \(orders.map(\.total.amountMinor))::int8[],
                          \(orders.map(\.total.currency))::text[], \(orders.map(\.placedAt))::timestamptz[],
                          \(columns.paid.isSet)::bool[], \(columns.paid.values)::timestamptz[],
                          \(columns.shipped.isSet)::bool[], \(columns.shipped.values)::timestamptz[],
                          \(columns.cancelled.isSet)::bool[], \(columns.cancelled.values)::timestamptz[],
                          \(columns.reason.isSet)::bool[], \(columns.reason.values)::text[],
                          \(changes.map(\.version))::int8[], \(changes.map(\.at))::int8[])
                   AS u(id, customer_id, status, lines, total_minor, currency, placed_at, has_paid, paid_at, has_shipped, shipped_at,
                        has_cancelled, cancelled_at, has_reason, reason, version, at)
            """,
            logger: logger
        )
    }

    private func update(_ ids: [UUID], _ changes: [OrderChange], on connection: PostgresConnection, logger: Logger) async throws {
        let columns = TimeColumns(changes)
        try await connection.queryIfOpen(
            """
            UPDATE orders o
               SET status = u.status,
                   paid_at = CASE WHEN u.has_paid THEN u.paid_at ELSE o.paid_at END,
                   shipped_at = CASE WHEN u.has_shipped THEN u.shipped_at ELSE o.shipped_at END,
                   cancelled_at = CASE WHEN u.has_cancelled THEN u.cancelled_at ELSE o.cancelled_at END,
                   cancel_reason = CASE WHEN u.has_reason THEN u.reason ELSE o.cancel_reason END,
                   version = u.version, updated_at = timestamptz 'epoch' + u.at * interval '1 millisecond'
              FROM unnest(\(ids)::uuid[], \(changes.map { $0.status ?? "" })::text[],
                          \(columns.paid.isSet)::bool[], \(columns.paid.values)::timestamptz[],
                          \(columns.shipped.isSet)::bool[], \(columns.shipped.values)::timestamptz[],
                          \(columns.cancelled.isSet)::bool[], \(columns.cancelled.values)::timestamptz[],
                          \(columns.reason.isSet)::bool[], \(columns.reason.values)::text[],
                          \(changes.map(\.version))::int8[], \(changes.map(\.at))::int8[])
                   AS u(id, status, has_paid, paid_at, has_shipped, shipped_at, has_cancelled, cancelled_at, has_reason, reason, version, at)
             WHERE o.id = u.id
            """,
            logger: logger
        )
    }

    /// The optional columns of a list of order changes.
    struct TimeColumns {
        var paid = OptionalColumn(placeholder: Date(timeIntervalSince1970: 0))
        var shipped = OptionalColumn(placeholder: Date(timeIntervalSince1970: 0))
        var cancelled = OptionalColumn(placeholder: Date(timeIntervalSince1970: 0))
        var reason = OptionalColumn(placeholder: "")

        init(_ changes: [OrderChange]) {
            for change in changes {
                paid.append(change.paidAt)
                shipped.append(change.shippedAt)
                cancelled.append(change.cancelledAt)
                reason.append(change.cancelReason)
            }
        }
    }
}
