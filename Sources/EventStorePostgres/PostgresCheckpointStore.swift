public import Logging
public import PostgresNIO

/// Named positions in the global log (how far the relay or a projection has got), kept in the
/// `checkpoints` table.
public struct PostgresCheckpointStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The saved position for `name`, or 0 when none was saved.
    public func position(of name: String) async throws -> Int64 {
        try await client.firstInt64("SELECT position FROM checkpoints WHERE name = \(name)", logger: logger)
    }

    /// Saves `position` for `name`.
    public func save(_ position: Int64, for name: String) async throws {
        try await client.withConnection { connection in
            try await Self.save(position, for: name, on: connection, logger: logger)
        }
    }

    /// Saves `position` for `name` on `connection`, e.g. inside the transaction that applied
    /// the events up to it, so that both commit or neither does.
    public static func save(_ position: Int64, for name: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.queryUnlessClosed(
            """
            INSERT INTO checkpoints (name, position) VALUES (\(name), \(position))
            ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = now()
            """,
            logger: logger
        )
    }
}
