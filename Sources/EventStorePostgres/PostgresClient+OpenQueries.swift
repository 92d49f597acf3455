import Logging
import PostgresNIO

extension PostgresClient {
    /// Runs `query` like `query(_:logger:)` and hands its rows to `body`, but never sends it to a
    /// connection that has closed (see `PostgresConnection+OpenStatements.swift`): the query is
    /// checked and sent on the leased connection's event loop; the rows are read by `body` on
    /// the caller's executor, within the lease.
    func withRows<Result>(
        _ query: PostgresQuery, logger: Logger, _ body: (PostgresRowSequence) async throws -> Result
    ) async throws -> Result {
        try await withConnection { connection in
            try await body(connection.queryUnlessClosed(query, logger: logger))
        }
    }
}
