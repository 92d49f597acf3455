package import Foundation
package import Kafka

/// One page of the global log made ready for the producer: read, filtered by the personal-data
/// vault and encoded, so the publishing loop only hands it over.
package struct RelayPage: Sendable {
    /// The position of the last event read (`nil` for an empty page: caught up).
    package let lastPosition: Int64?
    /// Whether the page holds as many events as were asked for (more are probably waiting).
    package let isFull: Bool
    /// The global position of each message, in order.
    package let positions: [Int64]
    /// When each event was recorded, for the read-delay metric.
    package let recordedAt: [Date]
    /// The messages, one per event, in order of position.
    package let messages: KafkaOutgoingBatch

    /// Whether the page holds no event.
    package var isEmpty: Bool { positions.isEmpty }
}
