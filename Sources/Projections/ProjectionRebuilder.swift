public import EventStore
import EventStorePostgres
public import Logging
public import PostgresNIO

/// Rebuilds a projection from the event store into a new generation, then switches atomically.
///
/// The serving generation keeps answering queries (and live workers keep applying to it) while
/// the new one is filled from `readAll` in global order. The switch transaction locks the
/// projection's generation row (live workers lock it per batch, so they pause), applies
/// the events committed since the last page, re-points the `read` views and records the new
/// generation. A crash before that commit leaves the serving generation untouched; the
/// half-built schema is dropped by the next rebuild. After the switch, live workers continue
/// on the new generation and skip what it already holds (per-stream versions).
public struct ProjectionRebuilder: Sendable {
    /// Tunables.
    public struct Configuration: Sendable {
        /// Events per `readAll` page and per apply transaction. Default 5,000.
        public var pageSize = 5_000

        public init() {}
    }

    let client: PostgresClient
    let store: any EventStore
    let configuration: Configuration
    let logger: Logger

    /// - Parameters:
    ///   - client: the database holding the `read` schema (the store's database).
    ///   - store: the source of truth, read in global order.
    public init(client: PostgresClient, store: any EventStore, configuration: Configuration = .init(), logger: Logger) {
        self.client = client
        self.store = store
        self.configuration = configuration
        self.logger = logger
    }

    /// Rebuilds `projection`; `progress` is called after every page and may throw to abort
    /// (the serving generation is then left as it was).
    /// - Parameter total: the expected number of events (for progress), e.g. the store's head position.
    public func rebuild(
        _ projection: any Projection, total: Int, progress: @Sendable (RebuildProgress) throws -> Void = { _ in }
    ) async throws -> RebuildReport {
        let clock = ContinuousClock()
        let started = clock.now
        let generations = ProjectionGenerations(logger: logger)
        let applier = ProjectionApplier(projection: projection, logger: logger)
        let serving = try await client.withConnection { try await generations.ensureServing(projection, on: $0) }
        let target = ProjectionGeneration(projection: projection.name, number: serving.number + 1)
        try await client.withConnection { connection in
            try await connection.withTransaction(logger: logger) { try await generations.create(target, of: projection, on: $0) }
        }
        var position: Int64 = 0
        var read = 0
        var applied = 0
        var page = try await store.readAll(after: 0, limit: configuration.pageSize)
        while let last = page.last {
            let current = page
            async let following = store.readAll(after: last.position, limit: configuration.pageSize)
            applied += try await client.withConnection { connection in
                try await connection.withTransaction(logger: logger) { try await applier.apply(current, to: target, on: $0) }
            }
            position = last.position
            read += current.count
            try progress(RebuildProgress(projection: projection.name, eventsDone: read, total: total, elapsedSeconds: (clock.now - started).seconds))
            page = try await following
        }
        let tail = try await switchOver(to: target, from: serving, after: position, projection: projection, applier: applier)
        try await client.withConnection { try await generations.drop(serving, on: $0) }
        return RebuildReport(
            projection: projection.name, generation: target, eventsRead: read + tail.read, eventsApplied: applied + tail.applied,
            elapsedSeconds: (clock.now - started).seconds
        )
    }

    /// Applies the events committed since `position` and switches, in one transaction.
    private func switchOver(
        to target: ProjectionGeneration, from serving: ProjectionGeneration, after position: Int64,
        projection: any Projection, applier: ProjectionApplier
    ) async throws -> (read: Int, applied: Int) {
        let generations = ProjectionGenerations(logger: logger)
        return try await client.withConnection { connection in
            try await connection.withTransaction(logger: logger) { connection in
                let locked = try await connection.query(
                    "SELECT generation FROM read.projection_generations WHERE name = \(projection.name) FOR UPDATE", logger: logger
                )
                for try await number in locked.decode(Int32.self) where Int(number) != serving.number {
                    throw ProjectionError(.concurrentRebuild, "another rebuild of \(projection.name) switched to generation \(number) meanwhile")
                }
                var position = position
                var read = 0
                var applied = 0
                while true {
                    let page = try await store.readAll(after: position, limit: configuration.pageSize)
                    guard let last = page.last else { break }
                    applied += try await applier.apply(page, to: target, on: connection)
                    read += page.count
                    position = last.position
                }
                try await generations.point(projection, at: target, on: connection)
                return (read, applied)
            }
        }
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
