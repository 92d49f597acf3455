import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// Up to `size` keep-alive connections to one server for ``BenchHTTPClient``: a request leases
/// an idle one (opening a new one while under `size`), or waits for one to be released.
final class BenchConnectionPool: Sendable {
    private struct State {
        var idle: [any Channel] = []
        var open = 0
        var waiters: [CheckedContinuation<(any Channel)?, Never>] = []
        var isClosed = false
    }

    private let host: String
    private let port: Int
    private let size: Int
    private let state = Mutex(State())

    init(host: String, port: Int, size: Int) {
        self.host = host
        self.port = port
        self.size = max(1, size)
    }

    /// An idle connection, a new one, or the next one released.
    func lease() async throws -> any Channel {
        enum Next { case use(any Channel), open, wait }
        let next = state.withLock { state -> Next in
            if let channel = state.idle.popLast() { return .use(channel) }
            if state.open < size {
                state.open += 1
                return .open
            }
            return .wait
        }
        switch next {
        case .use(let channel): return channel
        case .open: return try await connect()
        case .wait:
            let handedOver = await withCheckedContinuation { continuation in
                state.withLock { $0.waiters.append(continuation) }
            }
            guard let channel = handedOver else { return try await connect() }
            return channel
        }
    }

    /// Gives back a connection whose response was read in full.
    func release(_ channel: any Channel) {
        let waiter = state.withLock { state -> CheckedContinuation<(any Channel)?, Never>? in
            if state.waiters.isEmpty {
                state.idle.append(channel)
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume(returning: channel)
    }

    /// Closes a connection that failed; a waiting request opens a new one in its place.
    func discard(_ channel: any Channel) {
        channel.close(promise: nil)
        let waiter = state.withLock { state -> CheckedContinuation<(any Channel)?, Never>? in
            if state.waiters.isEmpty {
                state.open -= 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume(returning: nil)
    }

    /// Closes the idle connections.
    func close() {
        let idle = state.withLock { state in
            defer { state.idle = [] }
            return state.idle
        }
        for channel in idle { channel.close(promise: nil) }
    }

    private func connect() async throws -> any Channel {
        do {
            return try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(BenchResponseHandler())
                    }
                }
                .connect(host: host, port: port)
                .get()
        } catch {
            state.withLock { $0.open -= 1 }
            throw error
        }
    }
}
