import Foundation
import Synchronization

/// Counts open feed connections, in total and per user, and refuses those over the limits.
final class LiveFeedConnections: Sendable {
    private struct Counts {
        var total = 0
        var perUser: [UUID: Int] = [:]
    }

    private let counts = Mutex(Counts())
    private let maxTotal: Int
    private let maxPerUser: Int

    init(maxTotal: Int, maxPerUser: Int) {
        self.maxTotal = maxTotal
        self.maxPerUser = maxPerUser
    }

    /// Takes a slot for `user`, given back when the returned slot is released (whether or not
    /// the response was ever written), or throws the limit reached.
    func open(for user: UUID) throws(Problem) -> LiveFeedSlot {
        let refusal: LiveFeedRefusal? = counts.withLock { counts in
            if counts.total >= maxTotal { return .server(maxTotal) }
            if counts.perUser[user, default: 0] >= maxPerUser { return .user(maxPerUser) }
            counts.total += 1
            counts.perUser[user, default: 0] += 1
            return nil
        }
        if let refusal { throw refusal.problem }
        return LiveFeedSlot(connections: self, user: user)
    }

    /// Gives back a slot of `user`.
    fileprivate func close(for user: UUID) {
        counts.withLock { counts in
            counts.total -= 1
            let left = counts.perUser[user, default: 1] - 1
            counts.perUser[user] = left > 0 ? left : nil
        }
    }
}

/// One open feed connection's place in the counts; gives it back when released (or earlier,
/// once, with ``giveBack()``).
final class LiveFeedSlot: Sendable {
    private let connections: LiveFeedConnections
    /// Whose connection it is.
    let user: UUID
    private let held = Mutex(true)

    fileprivate init(connections: LiveFeedConnections, user: UUID) {
        self.connections = connections
        self.user = user
    }

    /// Gives the place back now (a connection being cut off no longer counts); later calls and
    /// the release do nothing more.
    func giveBack() {
        guard held.withLock({ held in defer { held = false }; return held }) else { return }
        connections.close(for: user)
    }

    deinit { giveBack() }
}

/// Which connection limit refused a feed request.
enum LiveFeedRefusal: Sendable, Equatable {
    /// The server's total, ``LiveFeedConfiguration/maxConnections``.
    case server(Int)
    /// The user's, ``LiveFeedConfiguration/maxConnectionsPerUser``.
    case user(Int)

    var problem: Problem {
        switch self {
        case .server(let limit):
            Problem(.tooManyRequests, type: "too-many-live-connections", title: "Too many live connections",
                    detail: "this server already serves \(limit) live feed connections; retry later", headers: [.retryAfter: "5"])
        case .user(let limit):
            Problem(.tooManyRequests, type: "too-many-live-connections", title: "Too many live connections",
                    detail: "this user already holds \(limit) live feed connections; close one first", headers: [.retryAfter: "5"])
        }
    }
}
