/// Why personal data could not be sealed, revealed or erased.
public struct PrivacyError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// A key or secret in the configuration is missing or malformed.
        case invalidConfiguration
        /// The person's data was erased: nothing can be sealed for them any more.
        case erased
        /// A stored data key was wrapped by a master key that is not configured (add it to the previous keys).
        case unknownMasterKey
        /// A stored data key or a sealed value failed authentication (altered, or the wrong key).
        case corrupted
        /// The database could not be reached.
        case unavailable
    }

    /// What went wrong.
    public var code: Code
    /// A human-readable summary (never a key or a personal value).
    public var message: String
    /// Extra facts: subject ids, key ids.
    public var context: [String: String]

    /// Creates an error.
    public init(_ code: Code, _ message: String, context: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.context = context
    }

    public var description: String {
        context.isEmpty ? "\(code.rawValue): \(message)"
            : "\(code.rawValue): \(message) (\(context.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")))"
    }
}
