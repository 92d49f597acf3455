/// A setting that cannot be used. Names the environment variable, configuration-file key or
/// command-line option and says why; never holds the value, which may be a secret.
public struct ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// The value does not have the setting's type or lies outside its range.
        case invalidValue = "invalid-value"
        /// The configuration file cannot be read or parsed.
        case unreadableFile = "unreadable-file"
    }

    public var code: Code
    /// The variable, key or option, e.g. `NEXUS_HTTP_PORT` or `--job-claim-lease`.
    public var name: String
    /// Why, phrased to follow the name: "must be between 0 and 65535".
    public var reason: String

    public init(_ code: Code, name: String, reason: String) {
        self.code = code
        self.name = name
        self.reason = reason
    }

    /// One line: the name, then why.
    public var description: String { "\(name) \(reason)" }
}
