public import NIOSSL

/// How the command API runs. Every field has a documented default except the signing secret.
public struct HTTPServerConfiguration: Sendable {
    /// A user created at start-up when its email is not registered yet (the first admin).
    public struct BootstrapAdmin: Sendable {
        /// The admin's email.
        public var email: String
        /// The admin's password (8–72 bytes).
        public var password: String
        /// The display name (default `Administrator`).
        public var name: String

        /// Creates the bootstrap admin.
        public init(email: String, password: String, name: String = "Administrator") {
            self.email = email
            self.password = password
            self.name = name
        }
    }

    /// The listening host (default `127.0.0.1`).
    public var host = "127.0.0.1"
    /// The listening port (default `8080`; `0` picks a free one).
    public var port = 8080
    /// The HS256 signing secret for access tokens (at least 32 bytes). No default outside dev mode.
    public var jwtSecret: String
    /// How long an access token lives (default 1 hour).
    public var tokenLifetime = Duration.seconds(3600)
    /// The bcrypt cost (default 12; tests use 4).
    public var bcryptCost: UInt8 = 12
    /// The largest accepted request body in bytes (default 64 KiB; larger bodies get 413).
    public var maxBodyBytes = 64 * 1024
    /// Requests a client may send at once before 429 (default 100).
    public var rateLimitBurst = 100
    /// Requests per second a client regains (default 50).
    public var rateLimitPerSecond = 50.0
    /// How often a command is re-decided after losing a version race when the client sent no
    /// `If-Match` (default 32; then 409).
    public var maxCommandAttempts = Self.defaultMaxCommandAttempts
    /// The default of ``maxCommandAttempts`` (32), also used by ``SystemCommands``.
    public static let defaultMaxCommandAttempts = 32
    /// Whether the command routes (and `/auth/token`) are served (default `true`; `false` for a
    /// queries-only or operations-only server).
    public var servesCommands = true
    /// How long authentication reuses a user's role and status before reading the user's stream
    /// again (default 1 s; zero reads it for every request). Changes committed through this
    /// server apply at once whatever the value; this bounds how late changes committed by
    /// another server apply.
    public var accountCacheLifetime = Duration.seconds(1)
    /// The most users whose role and status are kept (default 100,000).
    public var accountCacheCapacity = 100_000
    /// The most aggregate states kept so that commands read only the events appended since
    /// (default 100,000; each stream's state is refolded from its events when dropped).
    public var streamStateCapacity = 100_000
    /// How long after a kept aggregate state was last confirmed (read to the stream's end, or
    /// moved by this process's own append) a command decides from it without reading the
    /// stream (default 1 s; zero: always read). Streams a command appends to are checked by
    /// version whatever this is; streams it only reads may show a change another process made
    /// up to this long ago, as with ``accountCacheLifetime``.
    public var streamStateFreshness = Duration.seconds(1)
    /// The first admin, created at start-up if missing (default none).
    public var bootstrapAdmin: BootstrapAdmin?
    /// Which browser origins may call the API (default none; see ``CORSPolicy``).
    public var cors = CORSPolicy()
    /// When set, `/ready` and `/metrics` on this server answer only to
    /// `Authorization: Bearer <opsToken>` (default none: they answer anyone, as on an ops port or in dev).
    public var opsToken: String?
    /// When set, the server speaks HTTPS only, with this configuration (see
    /// ``tls(certificateChainFile:privateKeyFile:)``), and answers carry
    /// `Strict-Transport-Security`. Default none: plain HTTP, behind a TLS-terminating proxy.
    public var tls: TLSConfiguration?

    /// The folder holding the Swagger UI and ReDoc files of `/docs` and `/redoc`, laid out as
    /// the `drf-spectacular-sidecar` package ships them (``DocsAssets``; ops/lib.sh installs it).
    /// Default none: those pages answer 404.
    public var docsAssetsDirectory: String?

    /// A configuration with the given signing secret and the defaults above.
    public init(jwtSecret: String) {
        self.jwtSecret = jwtSecret
    }

    /// The development signing key, used only by `nexus serve --dev`.
    public static let developmentSecret = "nexus-development-signing-key-do-not-use-in-production"
}
