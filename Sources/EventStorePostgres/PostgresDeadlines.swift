public import PostgresNIO

/// How long anything waits for PostgreSQL, so that a client gets an answer to retry (503) instead
/// of silence while the database is unreachable.
///
/// - ``connectionWait``: the longest wait for a pooled connection (PostgresNIO's pool otherwise
///   waits until a connection can be made, however long the database is down). An append's
///   deadline is this long after it arrives: it covers both its wait in the group-commit queue (a
///   request no writer took by then is withdrawn and never written) and its writer's wait for a
///   connection (a writer waits until the latest deadline of its batch, then fails the batch
///   unwritten).
/// - ``startup``: the same wait for a service's start-up steps (the embedded broker's
///   preparation, the bootstrap admin; ``whileStartingUp(_:)``). Nobody waits for an answer then,
///   and a service started beside its database or on a loaded machine should come up rather than
///   exit because its first connection took longer than a request may wait.
/// - ``statement``: PostgreSQL's `statement_timeout` on the connections of a service's pool
///   (``apply(to:)``); one-shot commands (migrations, rebuilds, audits, exports) use clients of
///   their own without it, so their long statements are not cut short.
///
/// The deadlines in force are a task-local value (``current``), set once around a service's run
/// and inherited by every task it starts; the defaults apply elsewhere.
public struct PostgresDeadlines: Sendable, Equatable {
    /// The longest wait for a pooled connection, and for a queued append to be taken. Default 5 s:
    /// the wait includes opening a new connection when the pool has none idle, which takes well
    /// over a second on a loaded two-core machine (a 2 s wait failed appends there while
    /// PostgreSQL was up), and a client still gets its 503 within seconds while it is down.
    public var connectionWait: Duration
    /// The longest a statement may run on a service's connections (`statement_timeout`). Default
    /// 10 s: far above any statement a service sends in normal operation (a group-commit batch, a
    /// relay page, a projection batch), so that only a stuck statement is cut.
    public var statement: Duration
    /// The longest wait for a connection during a service's start-up steps. Default 60 s.
    public var startup: Duration

    public init(connectionWait: Duration = .seconds(5), statement: Duration = .seconds(10), startup: Duration = .seconds(60)) {
        self.connectionWait = connectionWait
        self.statement = statement
        self.startup = startup
    }

    /// The deadlines of the running service (the defaults unless a caller bound others).
    @TaskLocal public static var current = PostgresDeadlines()

    /// Runs `body`, a start-up step, with the connection wait of the deadlines in force raised to their ``startup`` wait.
    public static func whileStartingUp<Result>(_ body: () async throws -> Result) async throws -> Result {
        var deadlines = current
        deadlines.connectionWait = max(deadlines.connectionWait, deadlines.startup)
        return try await $current.withValue(deadlines, operation: body)
    }

    /// Sets `statement_timeout` on every connection `configuration` opens.
    public func apply(to configuration: inout PostgresClient.Configuration) {
        configuration.options.additionalStartupParameters.removeAll { $0.0 == "statement_timeout" }
        configuration.options.additionalStartupParameters.append(("statement_timeout", "\(Self.milliseconds(statement))ms"))
    }

    /// `duration` in whole milliseconds.
    package static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
