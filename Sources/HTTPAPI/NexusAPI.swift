public import EventStore
import EventStorePostgres
import Foundation
public import Hummingbird
import HummingbirdTLS
public import Logging
import NexusDomain
public import NexusEvents
public import Privacy
public import ServiceLifecycle

/// Extra routes mounted on the same router (e.g. the query API), each documented through ``APIBuilder``.
public struct RouteModule: Sendable {
    /// Registers the module's routes.
    public var register: @Sendable (APIBuilder) -> Void

    /// Creates a module.
    public init(register: @escaping @Sendable (APIBuilder) -> Void) {
        self.register = register
    }
}

/// The command API as a Hummingbird application, plus what the tests inspect.
public struct NexusAPI: Sendable {
    /// The application; run it (it runs `services` too).
    public let application: Application<RouterResponder<NexusRequestContext>>
    /// Every route registered on the router, as `METHOD /path`.
    public let registeredRoutes: [String]
    /// Every HTML page of the console registered on the router (not in the OpenAPI document), as `METHOD /path`.
    public let pages: [String]
    /// The OpenAPI document served at `/openapi.json`.
    public let openAPI: JSONValue

    /// Builds the application over `store`. `services` (e.g. the PostgreSQL client and store) run
    /// with the application; `modules` add routes to the same router. Commands read and append
    /// through `privacy`'s vault (personal fields sealed on the way in, revealed on the way out);
    /// a server without `privacy` serves no commands (``HTTPServerConfiguration/servesCommands``
    /// must be `false`).
    public static func build(
        configuration: HTTPServerConfiguration, store: any EventStore, privacy: PrivacyServices?, services: [any Service] = [],
        modules: [RouteModule] = [], logger: Logger
    ) async throws -> NexusAPI {
        precondition(privacy != nil || !configuration.servesCommands, "serving commands needs the personal-data services")
        let tokens = await TokenService(secret: configuration.jwtSecret, lifetime: configuration.tokenLifetime)
        let hasher = PasswordHasher(cost: configuration.bcryptCost)
        let executor = CommandExecutor(configuration: configuration, store: store, privacy: privacy, logger: logger)
        var api: CommandAPI?
        if let privacy, configuration.servesCommands {
            api = CommandAPI(
                executor: executor, log: store, tokens: tokens, hasher: hasher, bodyLimit: configuration.maxBodyBytes, privacy: privacy,
                signIn: SignIn(executor: executor, privacy: privacy, hasher: hasher, decoyHash: await hasher.hash(UUID().uuidString)))
        }

        let router = Router(context: NexusRequestContext.self, options: .autoGenerateHeadEndpoints)
        let known = KnownRoutes()
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: SecurityHeadersMiddleware(tls: configuration.tls != nil))
        router.add(middleware: CORSMiddleware(policy: configuration.cors, routes: known))
        router.add(middleware: CacheControlMiddleware(privatePaths: [CommandAPI.tokenPath]))
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: RequestTextMiddleware())
        router.add(middleware: AllowedMethodsMiddleware(routes: known))
        if let token = configuration.opsToken {
            router.add(middleware: OpsTokenMiddleware(token: token, paths: OperationsRoutes.paths))
        }
        let auth = AuthMiddleware(
            tokens: tokens,
            limiter: RateLimiter(burst: configuration.rateLimitBurst, perSecond: configuration.rateLimitPerSecond),
            executor: executor)
        router.add(middleware: auth)
        let builder = APIBuilder(
            recorder: RouteRecorder(router: router, known: known), opsTokenRequired: configuration.opsToken != nil,
            fingerprinter: RequestFingerprinter(secret: configuration.jwtSecret), bodyLimit: configuration.maxBodyBytes)
        builder.signIn = api?.signIn
        builder.accounts = auth
        builder.tls = configuration.tls != nil
        SystemRoutes.register(on: builder)
        DocsPages.register(on: builder, assets: try configuration.docsAssetsDirectory.map { directory throws(DocsAssetsError) in try DocsAssets(directory: directory) })
        api?.register(on: builder)
        for module in modules { module.register(builder) }
        let document = OpenAPIDocument.build(builder.documentation + [SystemRoutes.openAPIRoute])
        SystemRoutes.registerOpenAPI(document, on: builder)

        // Upgrade requests go through the same router (and so the same authentication) first.
        let server = WebSocketUpgrades.server(router: router)
        var application = Application(
            router: router, server: try configuration.tls.map { try .tls(server, tlsConfiguration: $0) } ?? server,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "nexus"),
            services: services, logger: logger)
        if let api {
            application.beforeServerStarts { try await PostgresDeadlines.whileStartingUp { try await api.ensureAdminRoster(logger: logger) } }
        }
        if let admin = configuration.bootstrapAdmin, let api {
            application.beforeServerStarts { try await PostgresDeadlines.whileStartingUp { try await api.bootstrap(admin, logger: logger) } }
        }
        return NexusAPI(application: application, registeredRoutes: builder.recorder.routes, pages: builder.recorder.pages, openAPI: document)
    }
}
