public import Foundation
import EventStorePostgres
import PostgresNIO

extension ReadModelQueries {
    /// The user with `id`, or `nil`.
    public func user(id: UUID) async throws -> UserView? {
        try await users("SELECT id, email, name, role, status, order_count, total_spent_minor, registered_at, version FROM read.users WHERE id = \(id)").first
    }

    /// Users ordered by id, after `cursor`.
    public func users(after cursor: UUID?, limit: Int) async throws -> ReadModelPage<UserView> {
        let limit = Int64(min(max(1, limit), Self.maximumLimit))
        let items = try await users(
            """
            SELECT id, email, name, role, status, order_count, total_spent_minor, registered_at, version FROM read.users
             WHERE (\(cursor)::uuid IS NULL OR id > \(cursor)) ORDER BY id LIMIT \(limit)
            """)
        return ReadModelPage(items: items, nextCursor: items.count == Int(limit) ? items.last?.id.uuidString.lowercased() : nil)
    }

    private func users(_ query: PostgresQuery) async throws -> [UserView] {
        try await client.withRows(query, logger: logger) { rows in
            var views: [UserView] = []
            for try await (id, email, name, role, status, count, spent, registered, version) in rows
                .decode((UUID, String, String, String, String, Int64, Int64, Date, Int64).self) {
                views.append(UserView(
                    id: id, email: email, name: name, role: role, status: status, orderCount: count, totalSpentMinor: spent,
                    registeredAt: registered, version: version))
            }
            return views
        }
    }

    /// The order with `id`, or `nil`.
    public func order(id: UUID) async throws -> OrderView? {
        try await orders(
            """
            SELECT id, customer_id, status, lines::text, total_minor, currency, placed_at, paid_at, shipped_at, cancelled_at, version
              FROM read.orders WHERE id = \(id)
            """).first
    }

    /// A customer's orders, oldest first, after the order `cursor`.
    public func orders(customer: UUID, after cursor: UUID?, limit: Int) async throws -> ReadModelPage<OrderView> {
        let limit = Int64(min(max(1, limit), Self.maximumLimit))
        let items = try await orders(
            """
            SELECT id, customer_id, status, lines::text, total_minor, currency, placed_at, paid_at, shipped_at, cancelled_at, version
              FROM read.orders o
             WHERE customer_id = \(customer)
               AND (\(cursor)::uuid IS NULL OR (placed_at, id) > (SELECT placed_at, id FROM read.orders WHERE id = \(cursor)))
             ORDER BY placed_at, id LIMIT \(limit)
            """)
        return ReadModelPage(items: items, nextCursor: items.count == Int(limit) ? items.last?.id.uuidString.lowercased() : nil)
    }

    private func orders(_ query: PostgresQuery) async throws -> [OrderView] {
        try await client.withRows(query, logger: logger) { rows in
            var views: [OrderView] = []
            for try await row in rows {
                let (id, customer, status, lines, total, currency, placed, paid, shipped, cancelled, version) = try row.decode(
                    (UUID, UUID, String, String, Int64, String, Date, Date?, Date?, Date?, Int64).self)
                views.append(OrderView(
                    id: id, customerId: customer, status: status, linesJSON: lines, totalMinor: total, currency: currency,
                    placedAt: placed, paidAt: paid, shippedAt: shipped, cancelledAt: cancelled, version: version))
            }
            return views
        }
    }
}
