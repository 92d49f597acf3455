package import Logging
package import PostgresNIO

/// Statements sent only while the connection is open: the group-commit writer's, the relay's
/// and the projection workers'.
///
/// PostgresNIO 1.33 hands a statement to the channel without a promise for the write; on a
/// channel that has just closed (the server killed the connection, a failover) the write fails
/// unseen and the statement waits forever. Found by `ConnectionLossTests`, which kills the
/// store's connections under load: without this check, appends hung for good. The writer runs
/// on the connection's event loop (``EventLoopTaskExecutor``), so the check and the write
/// happen in one turn of the loop and the channel cannot close in between; once written, a
/// statement is failed by PostgresNIO if the connection closes.
extension PostgresConnection {
    /// Runs a prepared statement, or throws ``ClosedConnectionError`` if the connection is closed.
    func executeIfOpen<Statement: PostgresPreparedStatement, Row>(
        _ statement: Statement, logger: Logger
    ) async throws -> AsyncThrowingMapSequence<PostgresRowSequence, Row> where Row == Statement.Row {
        guard !isClosed else { throw ClosedConnectionError() }
        return try await execute(statement, logger: logger)
    }

    /// Runs a query, or throws ``ClosedConnectionError`` if the connection is closed.
    @discardableResult
    package func queryIfOpen(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        guard !isClosed else { throw ClosedConnectionError() }
        return try await self.query(query, logger: logger)
    }

    /// Runs `query` from any executor: checks and sends it on the connection's event loop (as
    /// ``queryIfOpen(_:logger:)`` there), then returns its rows to the caller's executor. For
    /// components that keep a connection of their own, such as the relay.
    @discardableResult
    package func queryUnlessClosed(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        try await onEventLoop { try await queryIfOpen(query, logger: logger) }
    }

    /// `body` in a transaction, committed if it returns, rolled back (while the connection is
    /// open) if it throws; unlike `withTransaction`, no statement is sent to a closed connection.
    package func inTransactionIfOpen<Result>(logger: Logger, _ body: () async throws -> Result) async throws -> Result {
        try await queryIfOpen("BEGIN", logger: logger)
        do {
            let result = try await body()
            try await queryIfOpen("COMMIT", logger: logger)
            return result
        } catch {
            if !isClosed { try? await query("ROLLBACK", logger: logger) }
            throw error
        }
    }
}

/// A statement was not sent: its connection had closed. The append fails as `unavailable`.
struct ClosedConnectionError: Error, CustomStringConvertible {
    var description: String { "the database connection closed before the statement was sent" }
}
