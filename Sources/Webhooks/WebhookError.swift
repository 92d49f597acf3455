/// A webhook could not be registered, found or delivered.
public struct WebhookError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// The URL is not an absolute http(s) URL of at most ``WebhookLimits/maximumURLBytes``.
        case invalidURL
        /// The URL's host is not in the allowed hosts, or resolves to an address that is not allowed.
        case hostNotAllowed
        /// The event types are empty, too many, or not event types of the contract.
        case invalidEventTypes
        /// No webhook or delivery has that id (or it is not in a state the operation applies to).
        case notFound
        /// The receiver did not answer 2xx in time.
        case deliveryFailed
        /// A secret cannot be sealed or opened: no master key is configured, or not the one it was sealed under.
        case secretUnavailable
    }

    /// What went wrong.
    public var code: Code
    /// Explains it (never a secret).
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
