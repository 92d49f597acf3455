public import EventStore
import EventStorePostgres
public import Logging
public import PostgresNIO

/// Rebuilds projections from the event store into new generations, then switches atomically.
///
/// The serving generation keeps answering queries (and live workers keep applying to it) while
/// the new one is filled from `readAll` in global order (several projections share one pass). The switch transaction locks the
/// projection's generation row (live workers lock it per batch, so they pause), applies
/// the events committed since the last page, re-points the `read` views and records the new
/// generation. A crash before that commit leaves the serving generation untouched; the
/// half-built schema is dropped by the next rebuild. After the switch, live workers continue
/// on the new generation and skip what it already holds (per-stream versions).
public struct ProjectionRebuilder: Sendable {
    /// Tunables.
    public struct Configuration: Sendable {
        /// Events per `readAll` page and per apply transaction. Default 100,000: the larger the page,
        /// the more events fold into each row change (two pages are held at once: the one applied
        /// and the one read ahead).
        public var pageSize = 100_000
        /// Concurrent `readAll` queries that read (and decode) one page, each a slice of it.
        /// Default 2: reading and decoding rows is the costliest part of a rebuild.
        public var readers = 2

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
        let reports = try await rebuild([projection], total: total, progress: progress)
        return reports[0]
    }

    /// Rebuilds `projections` from one pass over the store: each page is read once and applied to
    /// every projection's new generation concurrently (one transaction per projection and page,
    /// none when the page holds nothing it handles). The pass neither looks up nor writes applied
    /// stream versions per page (a fresh generation read in global order cannot repeat one); it
    /// keeps them in memory and writes them before the switch (or every 100,000 streams). Then
    /// each projection switches in its own transaction. If the pass fails or `progress`
    /// throws, no projection switches.
    /// - Returns: one report per projection, in the given order (the elapsed time is the pass's
    ///   plus the projection's switch).
    public func rebuild(
        _ projections: [any Projection], total: Int, progress: @Sendable (RebuildProgress) throws -> Void = { _ in }
    ) async throws -> [RebuildReport] {
        let clock = ContinuousClock()
        let started = clock.now
        let generations = ProjectionGenerations(logger: logger)
        let label = projections.map(\.name).joined(separator: "+")
        var targets: [(applier: ProjectionApplier, serving: ProjectionGeneration, target: ProjectionGeneration)] = []
        for projection in projections {
            let serving = try await client.withConnection { try await generations.ensureServing(projection, on: $0) }
            let target = ProjectionGeneration(projection: projection.name, number: serving.number + 1)
            try await client.withConnection { connection in
                try await connection.withTransaction(logger: logger) { try await generations.create(target, of: projection, on: $0) }
            }
            targets.append((ProjectionApplier(projection: projection, logger: logger), serving, target))
        }
        var position: Int64 = 0
        var read = 0
        var applied = Array(repeating: 0, count: targets.count)
        let types = projections.reduce(into: Set<String>()) { $0.formUnion($1.handledEventTypes) }
        var versions = Array(repeating: [String: Int64](), count: targets.count)
        var page = try await readPage(after: 0, types: types)
        while let last = page.last {
            let current = page
            async let following = readPage(after: last, types: types)
            var work: [PassWork] = []
            for (index, target) in targets.enumerated() {
                let handled = target.applier.recordVersions(of: current.decoded, in: &versions[index])
                let full = versions[index].count >= ProjectionApplier.passVersionsFlushThreshold
                guard handled > 0 || full else { continue }
                work.append(PassWork(
                    applier: target.applier, target: target.target, page: handled > 0 ? current.decoded : nil, flushing: full ? versions[index] : nil
                ))
                applied[index] += handled
                if full { versions[index] = [:] }
            }
            try await apply(work)
            position = last
            read += current.count
            try progress(RebuildProgress(projection: label, eventsDone: read, total: total, elapsedSeconds: (clock.now - started).seconds))
            page = try await following
        }
        try await apply(targets.indices.map { PassWork(applier: targets[$0].applier, target: targets[$0].target, page: nil, flushing: versions[$0]) })
        var reports: [RebuildReport] = []
        for (index, (applier, serving, target)) in targets.enumerated() {
            let tail = try await switchOver(to: target, from: serving, after: position, projection: applier.projection, applier: applier)
            try await client.withConnection { try await generations.drop(serving, on: $0) }
            reports.append(RebuildReport(
                projection: applier.projection.name, generation: target, eventsRead: read + tail.read,
                eventsApplied: applied[index] + tail.applied, elapsedSeconds: (clock.now - started).seconds
            ))
        }
        return reports
    }

    /// Reads the page after `position` and decodes its events of `types` (while the previous
    /// page is being applied), in ``Configuration/readers`` concurrent slices.
    ///
    /// Slice `k` reads `pageSize / readers` events after `position + k * slice`. Positions are
    /// increasing integers, so a full slice ends at or beyond where the next one starts: together
    /// they cover every position up to the last one read, and the overlap (where positions have
    /// gaps) is dropped. After a slice that is not full (the end of the store), later slices are
    /// dropped: they may have seen events appended meanwhile, beyond ones this slice did not see.
    /// - Returns: the number of events read, the last position read (`nil` at the end of the
    ///   store) and the decoded events, in order.
    private func readPage(after position: Int64, types: Set<String>) async throws -> (count: Int, last: Int64?, decoded: [ProjectionEvent]) {
        let readers = max(1, configuration.readers)
        let slice = max(1, configuration.pageSize / readers)
        let slices = try await withThrowingTaskGroup(of: (Int, [RecordedEvent], [ProjectionEvent]).self) { group in
            for index in 0..<readers {
                group.addTask {
                    let events = try await store.readAll(after: position + Int64(index * slice), limit: slice)
                    return (index, events, try ProjectionApplier.decode(events, types: types))
                }
            }
            var slices = Array(repeating: ([RecordedEvent](), [ProjectionEvent]()), count: readers)
            for try await (index, events, decoded) in group { slices[index] = (events, decoded) }
            return slices
        }
        var count = 0
        var last: Int64?
        var decoded: [ProjectionEvent] = []
        for (events, sliceDecoded) in slices {
            let after = last ?? position
            let fresh = events.drop { $0.position <= after }
            count += fresh.count
            last = fresh.last?.position ?? last
            decoded.append(contentsOf: sliceDecoded.drop { $0.recorded.position <= after })
            guard events.count == slice else { break }
        }
        return (count, last, decoded)
    }

    /// One projection's work for a rebuild page: the page when it holds events the projection
    /// handles and, when due, the stream versions to write.
    private struct PassWork: Sendable {
        var applier: ProjectionApplier
        var target: ProjectionGeneration
        var page: [ProjectionEvent]?
        var flushing: [String: Int64]?
    }

    /// Applies each projection's share of a page concurrently, each in its own transaction.
    private func apply(_ work: [PassWork]) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for item in work where item.page != nil || !(item.flushing ?? [:]).isEmpty {
                group.addTask {
                    try await client.withConnection { connection in
                        try await connection.withTransaction(logger: logger) {
                            try await item.applier.applyPassPage(item.page, to: item.target, flushing: item.flushing, on: $0)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
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
