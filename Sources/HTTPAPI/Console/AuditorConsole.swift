public import EventStorePostgres
import Foundation
import HTTPTypes
import Hummingbird
public import Logging
import NexusEvents
import Projections
import Synchronization

/// The auditor console at `/console`: server-rendered pages for auditors and admins over the
/// same store, privacy rules, replay, chain verification, projection progress and live feed as
/// the API. Sessions are cookies (``ConsoleSessions``); every form carries the session's CSRF
/// token. Mount it with ``module()`` on a server that serves commands (sign-in needs them).
public struct AuditorConsole: Sendable {
    /// The event store, for chain checks and stream listings.
    let store: PostgresEventStore
    /// The history as the API shows it (personal data revealed or marked erased) and the live feed.
    let queries: QueryAPI
    let configuration: ConsoleConfiguration
    let sessions: ConsoleSessions
    /// Set while a "verify everything" runs: one at a time per server.
    let verifyingAll = VerifyGate()
    /// Each projection's low watermark from the previous projections page, where the next one's scan starts.
    let watermarks = ProjectionWatermarks()
    let logger: Logger

    /// - Parameters:
    ///   - store: the event store (its chains are verified and its streams listed).
    ///   - queries: the query API of the same server (history, live feed and their limits).
    public init(store: PostgresEventStore, queries: QueryAPI, configuration: ConsoleConfiguration = .init(), logger: Logger) {
        self.store = store
        self.queries = queries
        self.configuration = configuration
        sessions = ConsoleSessions(configuration: configuration)
        self.logger = logger
    }

    /// The console's pages, to pass in `NexusAPI.build(modules:)`. They are not part of the
    /// OpenAPI document (they are HTML for people, not the API).
    public func module() -> RouteModule {
        RouteModule { builder in
            guard let signIn = builder.signIn, let accounts = builder.accounts else { return }
            let access = ConsoleAccess(sessions: sessions, accounts: accounts, signIn: signIn, tls: builder.tls, configuration: configuration)
            registerSignIn(on: builder, access: access)
            registerStreams(on: builder, access: access)
            registerReplay(on: builder, access: access)
            registerVerify(on: builder, access: access)
            registerProjections(on: builder, access: access)
            registerLive(on: builder, access: access)
            builder.addPage(.get, "\(ConsolePage.prefix)/assets/{file}") { _, context in
                guard let name = context.parameters.get("file"), let file = ConsoleAssets.files[name] else {
                    throw Problem.notFound("the console has no such file")
                }
                return Response(status: .ok, headers: [.contentType: file.contentType, .cacheControl: "no-cache"],
                                body: .init(byteBuffer: ByteBuffer(string: file.body)))
            }
        }
    }
}

/// Whether a "verify everything" runs; a second one is refused (429) instead of queued.
final class VerifyGate: Sendable {
    private let running = Mutex(false)

    /// Claims the gate; `false` when a run holds it.
    func claim() -> Bool { running.withLock { running in running ? false : { running = true; return true }() } }

    func release() { running.withLock { $0 = false } }
}
