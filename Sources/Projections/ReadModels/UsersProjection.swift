public import EventStore
public import NexusEvents
public import PostgresNIO
import Foundation

/// Users with their order count and total spent (paid orders, minor units). Never the password hash.
///
/// Orders may arrive before their customer's registration: totals are kept per user id in
/// `users_order_totals` and copied onto the user row whenever either side changes.
public struct UsersProjection: Projection {
    public init() {}

    public let name = "users"
    public let version = 1

    public let handledEventTypes: Set<String> = [
        UserRegistered.eventType, UserProfileUpdated.eventType, UserRoleChanged.eventType,
        UserDeactivated.eventType, OrderPlaced.eventType, OrderPaid.eventType,
    ]

    public let tables = [
        ReadModelTable(name: "users", ddl: [
            """
            CREATE TABLE users (
                id uuid PRIMARY KEY,
                email text NOT NULL,
                name text NOT NULL,
                role text NOT NULL,
                status text NOT NULL,
                order_count bigint NOT NULL,
                total_spent_minor bigint NOT NULL,
                registered_at timestamptz NOT NULL,
                version bigint NOT NULL,
                updated_at timestamptz NOT NULL
            )
            """,
            "CREATE INDEX users_by_email ON users (email)",
        ]),
        ReadModelTable(name: "users_order_totals", ddl: [
            "CREATE TABLE users_order_totals (user_id uuid PRIMARY KEY, order_count bigint NOT NULL, total_spent_minor bigint NOT NULL)",
        ]),
        ReadModelTable(name: "users_orders", ddl: [
            "CREATE TABLE users_orders (order_id uuid PRIMARY KEY, user_id uuid NOT NULL)",
        ]),
    ]

    public func statements(for event: NexusEvent, recorded: RecordedEvent) -> [PostgresQuery] {
        let at = recorded.recordedAt.epochMilliseconds
        let version = recorded.version
        switch event {
        case .userRegistered(let e):
            return [
                """
                INSERT INTO users (id, email, name, role, status, order_count, total_spent_minor, registered_at, version, updated_at)
                SELECT \(e.userId), \(e.email), \(e.name), \(e.role.rawValue), 'active',
                       coalesce(t.order_count, 0), coalesce(t.total_spent_minor, 0), \(e.registeredAt), \(version),
                       timestamptz 'epoch' + \(at) * interval '1 millisecond'
                  FROM (SELECT 1) AS one LEFT JOIN users_order_totals t ON t.user_id = \(e.userId)
                """,
            ]
        case .userProfileUpdated(let e):
            return ["UPDATE users SET name = \(e.name), version = \(version), updated_at = timestamptz 'epoch' + \(at) * interval '1 millisecond' WHERE id = \(e.userId)"]
        case .userRoleChanged(let e):
            return ["UPDATE users SET role = \(e.role.rawValue), version = \(version), updated_at = timestamptz 'epoch' + \(at) * interval '1 millisecond' WHERE id = \(e.userId)"]
        case .userDeactivated(let e):
            return ["UPDATE users SET status = 'deactivated', version = \(version), updated_at = timestamptz 'epoch' + \(at) * interval '1 millisecond' WHERE id = \(e.userId)"]
        case .orderPlaced(let e):
            return [
                "INSERT INTO users_orders (order_id, user_id) VALUES (\(e.orderId), \(e.customerId))",
                """
                INSERT INTO users_order_totals (user_id, order_count, total_spent_minor) VALUES (\(e.customerId), 1, 0)
                ON CONFLICT (user_id) DO UPDATE SET order_count = users_order_totals.order_count + 1
                """,
                syncTotals(orderId: e.orderId),
            ]
        case .orderPaid(let e):
            return [
                """
                UPDATE users_order_totals t SET total_spent_minor = t.total_spent_minor + \(e.amount.amountMinor)
                  FROM users_orders o WHERE o.order_id = \(e.orderId) AND t.user_id = o.user_id
                """,
                syncTotals(orderId: e.orderId),
            ]
        default:
            return []
        }
    }

    /// Copies the totals of the order's customer onto the user row.
    private func syncTotals(orderId: UUID) -> PostgresQuery {
        """
        UPDATE users u SET order_count = t.order_count, total_spent_minor = t.total_spent_minor
          FROM users_orders o JOIN users_order_totals t ON t.user_id = o.user_id
         WHERE o.order_id = \(orderId) AND u.id = o.user_id
        """
    }
}
