public import Foundation

/// A person's data was erased (GDPR art. 17): their data key was destroyed, so every personal
/// field sealed under it reads as the erased marker. Consumers holding copies must delete them.
/// The event itself holds no personal data.
public struct UserErased: EventPayload {
    public static let eventType = "UserErased"
    public static let schemaVersion = 1
    public static let area = EventArea.users
    public static let summary = "A person's data was erased: personal fields read as the erased marker; consumers delete their copies."

    /// The user id.
    public var userId: UUID
    /// When the data was erased.
    public var erasedAt: Date

    /// Creates the payload.
    public init(userId: UUID, erasedAt: Date) {
        self.userId = userId
        self.erasedAt = erasedAt
    }

    public var streamName: String { Streams.user(userId) }

    public static var sample: Self { Self(userId: SampleValues.userId, erasedAt: SampleValues.time) }
}
