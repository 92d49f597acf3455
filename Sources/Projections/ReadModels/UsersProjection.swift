import NexusEvents

/// Users with their order count and total spent (paid orders, minor units). Never a password
/// hash; email and name stay sealed as the events carry them (the query API opens them), and
/// read as the erased marker, with status `erased`, once the person was erased.
///
/// Orders may arrive before their customer's registration: totals are kept per user id in
/// `users_order_totals` and copied onto the user row whenever either side changes.
public struct UsersProjection: Projection {
    public init() {}

    public let name = "users"
    public let version = 1

    public let handledEventTypes: Set<String> = [
        UserRegistered.eventType, UserProfileUpdated.eventType, UserRoleChanged.eventType,
        UserDeactivated.eventType, UserErased.eventType, OrderPlaced.eventType, OrderPaid.eventType,
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
}
