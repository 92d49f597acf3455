public import Logging
public import PostgresNIO
public import ServiceLifecycle

/// Keeps a ``ReadCache`` current with the changes announced by the projection workers of every
/// process: holds one pooled connection in `LISTEN` on ``ReadCacheChange/channel`` and applies
/// each notification. The cache serves only while the `LISTEN` is in place: it is enabled (and
/// cleared) once `LISTEN` succeeded, and disabled (and cleared) as soon as the connection fails
/// or the listening ends, then `LISTEN` is tried again after a back-off (doubling from
/// ``initialBackoff`` up to ``maximumBackoff``).
public struct ReadCacheListener: Service {
    let cache: ReadCache
    let client: PostgresClient
    let logger: Logger

    /// The first wait before listening again.
    static let initialBackoff = Duration.milliseconds(100)
    /// The longest wait between attempts.
    static let maximumBackoff = Duration.seconds(5)

    public init(cache: ReadCache, client: PostgresClient, logger: Logger) {
        self.cache = cache
        self.client = client
        self.logger = logger
    }

    /// Listens until graceful shutdown or cancellation; the cache is disabled when it returns.
    public func run() async throws {
        var backoff = Self.initialBackoff
        defer { cache.notListening() }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let started = ContinuousClock.now
            do {
                try await cancelWhenGracefulShutdown { try await listen() }
            } catch where !Task.isCancelled && !Task.isShuttingDownGracefully {
                logger.warning("read cache listener lost its connection; the cache is bypassed until it listens again", metadata: [
                    "nexus.error": "\(String(reflecting: error))",
                ])
            } catch {}
            cache.notListening()
            if ContinuousClock.now - started > Self.maximumBackoff { backoff = Self.initialBackoff }
            let wait = backoff
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
            backoff = min(backoff * 2, Self.maximumBackoff)
        }
    }

    /// One `LISTEN` on a pooled connection, applying notifications until it fails or ends.
    private func listen() async throws {
        try await client.withConnection { connection in
            try await connection.listen(on: ReadCacheChange.channel) { notifications in
                cache.listening()
                for try await notification in notifications {
                    cache.invalidate(ReadCacheChange(payload: notification.payload))
                }
            }
        }
    }
}
