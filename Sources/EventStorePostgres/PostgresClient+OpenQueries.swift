package import Logging
package import PostgresNIO

extension PostgresClient {
    /// Runs `query` like `query(_:logger:)` and hands its rows to `body`, but never sends it to a
    /// connection that has closed (see `PostgresConnection+OpenStatements.swift`): the query is
    /// checked and sent on the leased connection's event loop; the rows are read by `body` on
    /// the caller's executor, within the lease. Waits for a connection no longer than the
    /// deadlines in force allow (``PostgresDeadlines/connectionWait``).
    package func withRows<Result>(
        _ query: PostgresQuery, logger: Logger, _ body: (PostgresRowSequence) async throws -> Result
    ) async throws -> Result {
        try await withConnection(waitingAtMost: PostgresDeadlines.current.connectionWait) { connection in
            try await body(connection.queryUnlessClosed(query, logger: logger))
        }
    }

    /// Runs a prepared statement like ``withRows(_:logger:_:)`` (never sent to a closed
    /// connection, the wait for a connection bounded) and hands its decoded rows to `body`.
    package func withRows<Statement: PostgresPreparedStatement, Result>(
        _ statement: Statement, logger: Logger,
        _ body: (AsyncThrowingMapSequence<PostgresRowSequence, Statement.Row>) async throws -> Result
    ) async throws -> Result {
        try await withConnection(waitingAtMost: PostgresDeadlines.current.connectionWait) { connection in
            let rows = try await connection.onEventLoop { try await connection.executeIfOpen(statement, logger: logger) }
            return try await body(rows)
        }
    }

    /// The first column of the first row of `query` (sent as by ``withRows(_:logger:_:)``), or 0 when there is no row.
    package func firstInt64(_ query: PostgresQuery, logger: Logger) async throws -> Int64 {
        try await withRows(query, logger: logger) { rows in
            for try await value in rows.decode(Int64.self) { return value }
            return 0
        }
    }
}
