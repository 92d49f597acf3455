/// What `/ready` reports: each dependency's check and whether all passed.
public struct Readiness: Sendable, Codable, Equatable {
    /// One check (database, broker, a projection's lag…).
    public struct Check: Sendable, Codable, Equatable {
        /// What was checked, e.g. `database`, `relay`, `projection:products`.
        public var name: String
        /// Whether it passed.
        public var ok: Bool
        /// A human-readable detail (lag, error).
        public var detail: String

        public init(name: String, ok: Bool, detail: String) {
            self.name = name
            self.ok = ok
            self.detail = detail
        }
    }

    /// True when every check passed.
    public var ready: Bool
    /// The checks, in a stable order.
    public var checks: [Check]

    public init(checks: [Check]) {
        self.ready = checks.allSatisfy(\.ok)
        self.checks = checks
    }
}
