package import PostgresNIO
import Synchronization

extension PostgresClient {
    /// Leases a connection for `body` like `withConnection(_:)`, but waits at most `limit` for
    /// it (callers pass ``PostgresDeadlines/connectionWait`` of the deadlines in force); then throws
    /// ``ConnectionWaitTimeout``. PostgresNIO's pool waits for a connection until one can be made;
    /// its lease request is withdrawn when the waiting task is cancelled, which is what the
    /// deadline does. `body` itself is not bounded here (statements are, by `statement_timeout`).
    package func withConnection<Result>(
        waitingAtMost limit: Duration, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let handoff = LeaseHandoff()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await self.withConnection { connection in await handoff.lend(connection) }
                } catch {
                    handoff.fail(error)
                }
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                handoff.fail(ConnectionWaitTimeout(limit: limit))
            }
            defer { group.cancelAll() }
            let connection = try await handoff.connection()
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

/// Hands a leased connection from the task holding the lease to the task using it, and back.
/// The first outcome wins: a connection lent after the waiter gave up is returned at once.
private final class LeaseHandoff: Sendable {
    private enum State {
        case waiting
        case waiter(CheckedContinuation<PostgresConnection, any Error>)
        case lent(PostgresConnection, release: CheckedContinuation<Void, Never>)
        case failed(any Error)
        case returned
    }

    private let state = Mutex<State>(.waiting)

    /// The connection, or the error that came first (lease failure or timeout).
    func connection() async throws -> PostgresConnection {
        try await withCheckedThrowingContinuation { continuation in
            let outcome: Result<PostgresConnection, any Error>? = state.withLock { state in
                switch state {
                case .waiting:
                    state = .waiter(continuation)
                    return nil
                case .lent(let connection, _): return .success(connection)
                case .failed(let error): return .failure(error)
                case .waiter, .returned: return .failure(ConnectionWaitTimeout(limit: .zero))
                }
            }
            if let outcome { continuation.resume(with: outcome) }
        }
    }

    /// Called by the lease holder: hands `connection` over and waits until it is given back
    /// (returns at once if the waiter has already given up).
    func lend(_ connection: PostgresConnection) async {
        await withCheckedContinuation { (release: CheckedContinuation<Void, Never>) in
            let (waiter, releaseNow): (CheckedContinuation<PostgresConnection, any Error>?, Bool) = state.withLock { state in
                switch state {
                case .waiting:
                    state = .lent(connection, release: release)
                    return (nil, false)
                case .waiter(let waiter):
                    state = .lent(connection, release: release)
                    return (waiter, false)
                case .failed, .lent, .returned:
                    return (nil, true)
                }
            }
            waiter?.resume(returning: connection)
            if releaseNow { release.resume() }
        }
    }

    /// The lease failed or the deadline passed; ignored once a connection was lent.
    func fail(_ error: any Error) {
        let waiter: CheckedContinuation<PostgresConnection, any Error>? = state.withLock { state in
            switch state {
            case .waiting:
                state = .failed(error)
                return nil
            case .waiter(let waiter):
                state = .failed(error)
                return waiter
            case .lent, .failed, .returned:
                return nil
            }
        }
        waiter?.resume(throwing: error)
    }

    /// The user is done: the lease holder releases the connection to the pool.
    func giveBack() {
        let release: CheckedContinuation<Void, Never>? = state.withLock { state in
            guard case .lent(_, let release) = state else { return nil }
            state = .returned
            return release
        }
        release?.resume()
    }
}
