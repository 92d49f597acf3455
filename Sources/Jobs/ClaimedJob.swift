public import Foundation

/// A job a worker has claimed and runs now.
public struct ClaimedJob: Sendable, Hashable {
    /// The job's id in the queue.
    public let id: Int64
    /// The kind's name.
    public let kind: String
    /// The unique key it was enqueued with, if any.
    public let uniqueKey: String?
    /// The JSON object it was enqueued with.
    public let payload: Data
    /// This try's number: 1 for the first.
    public let attempt: Int
    /// The tries it may have.
    public let maximumAttempts: Int
    /// Proves the claim: finishing or extending it needs this token, so a worker whose claim
    /// expired cannot record the result of a run another worker has taken over.
    public let claimToken: UUID

    /// Decodes the payload.
    public func decodePayload<Payload: Decodable>(_ type: Payload.Type) throws -> Payload {
        try JSONDecoder().decode(type, from: payload)
    }
}
