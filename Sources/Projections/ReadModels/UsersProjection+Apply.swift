import EventStorePostgres
import Foundation
public import Logging
import NexusEvents
public import PostgresNIO

extension UsersProjection {
    /// The final change of one user's own fields within a batch.
    struct UserChange {
        var registered: UserRegistered?
        var name: String?
        var role: String?
        var deactivated = false
        /// The person's data was erased: email and name become the erased marker.
        var erased = false
        var version: Int64 = 0
        var at: Int64 = 0
    }

    /// Folds the batch: orders placed and paid become per-customer deltas of the totals, users
    /// registered in the batch are inserted with their final state (and current totals), the
    /// others updated once; then the totals are copied onto every customer they changed.
    public func apply(_ events: [ProjectionEvent], on connection: PostgresConnection, logger: Logger) async throws {
        var placedOrders: [UUID] = []
        var customers: [UUID] = []
        var paidOrders: [UUID] = []
        var amounts: [Int64] = []
        var ids: [UUID] = []
        var users: [UUID: UserChange] = [:]
        for event in events {
            let id: UUID
            var change: UserChange
            switch event.event {
            case .orderPlaced(let e):
                placedOrders.append(e.orderId)
                customers.append(e.customerId)
                continue
            case .orderPaid(let e):
                paidOrders.append(e.orderId)
                amounts.append(e.amount.amountMinor)
                continue
            case .userRegistered(let e): (id, change) = (e.userId, UserChange(registered: e, name: e.name, role: e.role.rawValue))
            case .userProfileUpdated(let e): (id, change) = (e.userId, users[e.userId] ?? UserChange()); change.name = e.name
            case .userRoleChanged(let e): (id, change) = (e.userId, users[e.userId] ?? UserChange()); change.role = e.role.rawValue
            case .userDeactivated(let e): (id, change) = (e.userId, users[e.userId] ?? UserChange()); change.deactivated = true
            case .userErased(let e): (id, change) = (e.userId, users[e.userId] ?? UserChange()); change.erased = true
            default: continue
            }
            if users[id] == nil { ids.append(id) }
            change.version = event.version
            change.at = event.at
            users[id] = change
        }
        if !placedOrders.isEmpty || !paidOrders.isEmpty {
            try await addTotals(placedOrders: placedOrders, customers: customers, paidOrders: paidOrders, amounts: amounts, on: connection, logger: logger)
        }
        let registered = ids.filter { users[$0]?.registered != nil }
        let updated = ids.filter { users[$0]?.registered == nil }
        if !registered.isEmpty { try await insert(registered.compactMap { users[$0] }, on: connection, logger: logger) }
        if !updated.isEmpty { try await update(updated, updated.compactMap { users[$0] }, on: connection, logger: logger) }
        guard !placedOrders.isEmpty || !paidOrders.isEmpty else { return }
        try await connection.queryIfOpen(
            """
            UPDATE users u SET order_count = t.order_count, total_spent_minor = t.total_spent_minor
              FROM users_order_totals t
             WHERE t.user_id = u.id
               AND (u.id = ANY(\(customers)::uuid[]) OR u.id IN (SELECT user_id FROM users_orders WHERE order_id = ANY(\(paidOrders)::uuid[])))
            """,
            logger: logger
        )
    }

    /// Records the orders' customers and adds the batch's order counts and paid amounts to the totals.
    /// The sums are taken in `numeric` and stop at the ends of the 64-bit range (about 1,800
    /// orders of the largest total reach it), so no customer's totals can fail a batch and stop
    /// the projection.
    private func addTotals(
        placedOrders: [UUID], customers: [UUID], paidOrders: [UUID], amounts: [Int64], on connection: PostgresConnection, logger: Logger
    ) async throws {
        if !placedOrders.isEmpty {
            try await connection.queryIfOpen(
                "INSERT INTO users_orders (order_id, user_id) SELECT * FROM unnest(\(placedOrders)::uuid[], \(customers)::uuid[])",
                logger: logger
            )
        }
        try await connection.queryIfOpen(
            """
            INSERT INTO users_order_totals (user_id, order_count, total_spent_minor)
            SELECT d.user_id, \(unescaped: Self.saturated("sum(d.orders)")), \(unescaped: Self.saturated("sum(d.spent)"))
              FROM (SELECT c.user_id, 1 AS orders, 0 AS spent FROM unnest(\(customers)::uuid[]) AS c(user_id)
                    UNION ALL
                    SELECT o.user_id, 0, p.amount FROM unnest(\(paidOrders)::uuid[], \(amounts)::int8[]) AS p(order_id, amount)
                      JOIN users_orders o ON o.order_id = p.order_id) AS d
             GROUP BY d.user_id
            ON CONFLICT (user_id) DO UPDATE
               SET order_count = \(unescaped: Self.saturated("users_order_totals.order_count::numeric + excluded.order_count")),
                   total_spent_minor = \(unescaped: Self.saturated("users_order_totals.total_spent_minor::numeric + excluded.total_spent_minor"))
            """,
            logger: logger
        )
    }

    /// SQL for a `numeric` expression brought into `bigint`'s range: values past either end become that end.
    static func saturated(_ expression: String) -> String {
        "greatest(least(\(expression), \(Int64.max)), \(Int64.min))::int8"
    }

    private func insert(_ changes: [UserChange], on connection: PostgresConnection, logger: Logger) async throws {
        let users = changes.compactMap(\.registered)
        try await connection.queryIfOpen(
            """
            INSERT INTO users (id, email, name, role, status, order_count, total_spent_minor, registered_at, version, updated_at)
            SELECT u.id, CASE WHEN u.erased THEN \(PersonalData.erasedMarker) ELSE u.email END,
                   CASE WHEN u.erased THEN \(PersonalData.erasedMarker) ELSE u.name END, u.role,
                   CASE WHEN u.erased THEN 'erased' WHEN u.deactivated THEN 'deactivated' ELSE 'active' END,
                   coalesce(t.order_count, 0), coalesce(t.total_spent_minor, 0), u.registered_at, u.version,
                   timestamptz 'epoch' + u.at * interval '1 millisecond'
              FROM unnest(\(users.map(\.userId))::uuid[], \(users.map(\.email))::text[], \(changes.map { $0.name ?? "" })::text[],
                          \(changes.map { $0.role ?? "" })::text[], \(changes.map(\.deactivated))::bool[], \(changes.map(\.erased))::bool[],
                          \(users.map(\.registeredAt))::timestamptz[], \(changes.map(\.version))::int8[], \(changes.map(\.at))::int8[])
                   AS u(id, email, name, role, deactivated, erased, registered_at, version, at)
              LEFT JOIN users_order_totals t ON t.user_id = u.id
            """,
            logger: logger
        )
    }

    private func update(_ ids: [UUID], _ changes: [UserChange], on connection: PostgresConnection, logger: Logger) async throws {
        var name = OptionalColumn(placeholder: "")
        var role = OptionalColumn(placeholder: "")
        for change in changes {
            name.append(change.name)
            role.append(change.role)
        }
        try await connection.queryIfOpen(
            """
            UPDATE users p
               SET email = CASE WHEN u.erased THEN \(PersonalData.erasedMarker) ELSE p.email END,
                   name = CASE WHEN u.erased THEN \(PersonalData.erasedMarker) WHEN u.has_name THEN u.name ELSE p.name END,
                   role = CASE WHEN u.has_role THEN u.role ELSE p.role END,
                   status = CASE WHEN u.erased THEN 'erased' WHEN u.deactivated THEN 'deactivated' ELSE p.status END,
                   version = u.version, updated_at = timestamptz 'epoch' + u.at * interval '1 millisecond'
              FROM unnest(\(ids)::uuid[], \(name.isSet)::bool[], \(name.values)::text[], \(role.isSet)::bool[], \(role.values)::text[],
                          \(changes.map(\.deactivated))::bool[], \(changes.map(\.erased))::bool[], \(changes.map(\.version))::int8[],
                          \(changes.map(\.at))::int8[])
                   AS u(id, has_name, name, has_role, role, deactivated, erased, version, at)
             WHERE p.id = u.id
            """,
            logger: logger
        )
    }
}
