public import EventStore
import Foundation
import HTTPTypes
import Hummingbird
public import Logging
import NexusEvents
public import PostgresNIO
public import Privacy
public import Projections

/// The query endpoints over the read models and the event history, as a ``RouteModule`` to
/// mount on the API's router.
///
/// Read-model endpoints accept `minPosition` (a command's `position`): they wait, at most
/// ``QueryConfiguration/maxWait``, until the projections behind them have applied the log up to
/// it, else answer 503 with `Retry-After`. Every read-model answer carries `Nexus-Read-Position`.
/// Waiting requests re-check when a projection worker of this process commits (see
/// ``ProjectionCommits``) and otherwise every ``QueryConfiguration/signalledPollInterval`` (every
/// ``QueryConfiguration/pollInterval`` when no worker runs in this process).
public struct QueryAPI: Sendable {
    let queries: ReadModelQueries
    /// The event store as the history endpoints show it (secrets removed, personal data revealed or marked erased).
    let store: any EventStore
    /// Opens the sealed personal fields read models keep.
    let vault: PersonalDataVault
    let positions: ReadPositions
    let commits: ProjectionCommits?
    let configuration: QueryConfiguration
    /// Keeps single products, stocks and the category list between reads, if configured.
    let readCache: ReadCache?
    /// The live feed over ``store`` and its open connections.
    let liveFeed: LiveFeed
    let liveConnections: LiveFeedConnections

    /// - Parameters:
    ///   - client: the database holding the `read` schema (the event store's database).
    ///   - store: the event store, read by the history endpoints.
    ///   - vault: reveals personal data in answers (the read models and the log keep it sealed).
    ///   - commits: the commit signal of the projection workers running in this process, if any.
    ///   - readCache: the cache of single-resource reads (see ``ReadCache``; its ``ReadCacheListener``
    ///     must run for it to serve), if any.
    ///   - committedHere: the highest position the appends of this process committed (see
    ///     ``PostgresEventStore/highestCommittedPosition``), if it appends: a `minPosition` up to
    ///     it is known to be in the log without asking the database.
    public init(
        client: PostgresClient, store: any EventStore, vault: PersonalDataVault, configuration: QueryConfiguration = .init(),
        commits: ProjectionCommits? = nil, readCache: ReadCache? = nil, committedHere: (@Sendable () -> Int64)? = nil, logger: Logger
    ) {
        self.readCache = readCache
        queries = ReadModelQueries(client: client, logger: logger)
        self.store = PersonalDataEventStore(base: store, vault: vault)
        self.vault = vault
        self.commits = commits
        positions = ReadPositions(client: client, refresh: configuration.readPositionRefresh, committedHere: committedHere, logger: logger)
        self.configuration = configuration
        liveFeed = LiveFeed(store: self.store, configuration: configuration.liveFeed, logger: logger)
        liveConnections = LiveFeedConnections(
            maxTotal: configuration.liveFeed.maxConnections, maxPerUser: configuration.liveFeed.maxConnectionsPerUser)
    }

    /// The range of global positions a client may name (`minPosition`, `after`).
    static let positions: ClosedRange<Int64> = 0...Int64.max
    /// The range of stream versions a client may name (`from`).
    static let versions: ClosedRange<Int64> = 1...Int64.max

    /// The routes, to pass in `NexusAPI.build(modules:)`.
    public func module() -> RouteModule {
        RouteModule { builder in
            registerCatalogRoutes(on: builder)
            registerUserRoutes(on: builder)
            registerHistoryRoutes(on: builder)
            registerLiveFeed(on: builder)
        }
    }

    /// Waits until every projection in `projections` has applied the log up to the request's
    /// `minPosition` (if given) and returns the read position to report. A `minPosition` beyond
    /// the log's head, which no command returned, is refused at once (422) instead of waited for.
    func readPosition(_ request: Request, _ projections: [any Projection]) async throws -> Int64 {
        try await readPosition(wanted: Self.minPosition(request), projections)
    }

    /// The request's `minPosition`, if any (400 when it is not a position).
    static func minPosition(_ request: Request) throws -> Int64? {
        var parameters = QueryParameters(request)
        let wanted = parameters.integer("minPosition", in: Self.positions)
        try parameters.check()
        return wanted
    }

    /// ``readPosition(_:_:)`` for an already parsed `minPosition`.
    func readPosition(wanted: Int64?, _ projections: [any Projection]) async throws -> Int64 {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: configuration.maxWait)
        let poll = commits == nil ? configuration.pollInterval : configuration.signalledPollInterval
        var headChecked = false
        var waitedFor: String?
        while true {
            var reached = Int64.max
            var behind: (name: String, commit: UInt64)?
            for projection in projections {
                let commit = commits?.sequence(of: projection.name) ?? 0
                let position = try await positions.position(of: projection, upTo: wanted, commit: commit, reuse: poll)
                if let wanted, position < wanted, behind == nil { behind = (projection.name, commit) }
                reached = min(reached, position)
            }
            guard let wanted, reached < wanted, let behind else {
                if let waitedFor { commits?.answered(afterWaitingFor: waitedFor) }
                return reached
            }
            if !headChecked {
                headChecked = true
                guard try await positions.logReaches(wanted) else { throw Problem.beyondLogHead(requested: wanted) }
            }
            let now = clock.now
            guard now < deadline else { throw Problem.notCaughtUp(requested: wanted, reached: reached) }
            let wait = min(poll, now.duration(to: deadline))
            if let commits {
                await commits.wait(for: behind.name, after: behind.commit, upTo: wait)
                waitedFor = behind.name
                try Task.checkCancellation()
            } else {
                try await Task.sleep(for: wait)
            }
        }
    }

    /// A JSON answer with its read position.
    static func respond(_ value: some Encodable, readPosition: Int64) throws -> Response {
        var response = try CommandAPI.json(value)
        response.headers[.readPosition] = String(readPosition)
        return response
    }

    /// A single resource: with a strong `ETag` over its body, or 304 when `If-None-Match` names it.
    static func respondSingle(_ value: some Encodable, readPosition: Int64, request: Request) throws -> Response {
        respondSingle(try representation(of: value), readPosition: readPosition, request: request)
    }

    /// An encoded single resource and its strong `ETag`.
    static func representation(of value: some Encodable) throws -> ReadCache.Representation {
        let body = try CommandAPI.encode(value)
        return ReadCache.Representation(body: ByteBuffer(bytes: body), tag: ETag.of(body))
    }

    /// ``respondSingle(_:readPosition:request:)`` for an encoded resource.
    static func respondSingle(_ resource: ReadCache.Representation, readPosition: Int64, request: Request) -> Response {
        if let header = request.headers[.ifNoneMatch], ETag.matches(header, resource.tag) {
            return Response(status: .notModified, headers: [.eTag: resource.tag, .readPosition: String(readPosition)])
        }
        return Response(
            status: .ok, headers: [.contentType: "application/json", .eTag: resource.tag, .readPosition: String(readPosition)],
            body: .init(byteBuffer: resource.body))
    }

    /// A path parameter that must be a UUID (400 otherwise).
    static func uuid(_ name: String, _ context: NexusRequestContext) throws(Problem) -> UUID {
        guard let value = context.parameters.get(name).flatMap(UUID.init(uuidString:)) else {
            throw Problem.invalidQuery([.init(field: name, code: "invalid", message: "must be a UUID")])
        }
        return value
    }

    /// A path parameter.
    static func parameter(_ name: String, _ context: NexusRequestContext) throws(Problem) -> String {
        guard let value = context.parameters.get(name) else { throw Problem.notFound("missing \(name)") }
        return value
    }
}

extension HTTPField.Name {
    /// `Nexus-Read-Position`: the global position up to which the read models behind the answer are complete.
    static let readPosition = Self("Nexus-Read-Position")!
}
