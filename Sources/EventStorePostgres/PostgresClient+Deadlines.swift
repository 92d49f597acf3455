package import PostgresNIO

extension PostgresClient {
    /// Leases a connection for `body` like `withConnection(_:)`, but waits at most `limit` for
    /// it (callers pass ``PostgresDeadlines/connectionWait`` of the deadlines in force); then throws
    /// ``ConnectionWaitTimeout``. PostgresNIO's pool waits for a connection until one can be made,
    /// so one child task holds the lease and hands the connection over (``LeaseHandoff``); the
    /// deadline is the hand-off's timer (no sleeping task), and once it has passed the child is
    /// cancelled, which withdraws the pool's lease request. `body` itself is not bounded here
    /// (statements are, by `statement_timeout`).
    package func withConnection<Result>(
        waitingAtMost limit: Duration, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let handoff = LeaseHandoff<PostgresConnection>()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await self.withConnection { connection in await handoff.lend(connection) }
                } catch {
                    handoff.fail(error)
                }
            }
            defer { group.cancelAll() }
            let connection = try await handoff.connection(waitingAtMost: limit)
            defer { handoff.giveBack() }
            return try await body(connection)
        }
    }
}

/// No pooled connection became available within the deadline (the database is unreachable or
/// every connection is busy). Callers answer it as unavailable: retry later.
package struct ConnectionWaitTimeout: Error, CustomStringConvertible {
    package var limit: Duration
    package var description: String { "no database connection within \(limit)" }
}
