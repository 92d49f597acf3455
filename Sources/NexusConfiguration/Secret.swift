/// A configured secret (a key, a password, a URL holding one). The code that needs it reads
/// ``value``; every description of it, in logs, errors, `dump` or string interpolation, is redacted.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret itself: hand it to what uses it, never to a log or a message.
    public let value: String

    public init(_ value: String) {
        self.value = value
    }

    /// The text shown instead of the value.
    public static let redacted = "<redacted>"

    public var description: String { Self.redacted }
    public var debugDescription: String { Self.redacted }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
