public import Logging
public import PostgresNIO

extension ReadCacheChange {
    /// Announces the change on ``channel`` inside the caller's transaction: PostgreSQL delivers
    /// it to every listening cache when (and only if) the transaction commits. Nothing is sent
    /// for an empty change.
    public func announce(on connection: PostgresConnection, logger: Logger) async throws {
        guard !isEmpty else { return }
        try await connection.queryIfOpen("SELECT pg_notify(\(Self.channel), \(payload))", logger: logger)
    }
}
