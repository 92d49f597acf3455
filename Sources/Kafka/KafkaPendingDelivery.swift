/// Messages handed to the producer whose delivery reports have not all been awaited yet.
public struct KafkaPendingDelivery: Sendable {
    let batch: UInt
    /// How many messages the batch holds.
    public let count: Int
    let tracker: DeliveryTracker

    /// Waits for every message's delivery report; one outcome per message, in enqueue order.
    /// Call once. Cancellation stops the wait (the messages may still be delivered).
    public func outcomes() async throws -> [Result<KafkaDeliveryReport, KafkaError>] {
        try await tracker.wait(for: batch)
    }
}
