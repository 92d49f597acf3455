import NexusConcurrency

/// Hands a leased connection from the task holding the lease to the task using it, and back.
///
/// The first outcome wins: the connection, the lease's failure, the user's deadline (a timer of
/// the monitor, no sleeping task) or its cancellation. A connection lent after the user gave up
/// is returned at once; one lent in time is kept by the holder until the user gives it back,
/// even when the holder is cancelled meanwhile.
final class LeaseHandoff<Connection: Sendable>: Sendable {
    private enum State {
        case waiting
        case lent(Connection)
        case failed(any Error)
        case returned
    }

    /// Who waits: the user for the connection, the holder for its return.
    private enum Party: Hashable {
        case user
        case holder
    }

    private let monitor = Monitor<State, Party>(.waiting)

    /// Nothing lent, failed or returned yet.
    init() {}

    /// The connection, or the first of the lease's failure, ``ConnectionWaitTimeout`` once
    /// `limit` has passed and `CancellationError`.
    func connection(waitingAtMost limit: Duration) async throws -> Connection {
        let outcome = await monitor.wait(on: .user, upTo: limit) { state in
            if case .waiting = state { return false }
            return true
        }
        return try monitor.withLock { locked throws -> Connection in
            switch locked.state {
            case .lent(let connection):
                return connection
            case .failed(let error):
                throw error
            case .waiting, .returned:
                let error: any Error = outcome == .cancelled ? CancellationError() : ConnectionWaitTimeout(limit: limit)
                locked.state = .failed(error)
                throw error
            }
        }
    }

    /// Called by the lease holder: hands `connection` over and waits until it is given back
    /// (returns at once if the user has already given up). Cancellation does not end this
    /// wait: the user may still be using the connection.
    func lend(_ connection: Connection) async {
        let lent = monitor.withLock { locked in
            guard case .waiting = locked.state else { return false }
            locked.state = .lent(connection)
            locked.wakeAll(on: .user)
            return true
        }
        guard lent else { return }
        await monitor.wait(on: .holder, ignoringCancellation: true) { state in
            if case .lent = state { return false }
            return true
        }
    }

    /// The lease failed; ignored once the connection was lent or the user gave up.
    func fail(_ error: any Error) {
        monitor.withLock { locked in
            guard case .waiting = locked.state else { return }
            locked.state = .failed(error)
            locked.wakeAll(on: .user)
        }
    }

    /// The user is done: the lease holder releases the connection to the pool.
    func giveBack() {
        monitor.withLock { locked in
            guard case .lent = locked.state else { return }
            locked.state = .returned
            locked.wakeAll(on: .holder)
        }
    }
}
