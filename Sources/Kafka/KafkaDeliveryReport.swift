/// Where the broker stored an acknowledged message.
public struct KafkaDeliveryReport: Sendable, Hashable {
    /// The partition the message was written to.
    public var partition: Int32
    /// The message's offset in that partition.
    public var offset: Int64

    /// Creates a report.
    public init(partition: Int32, offset: Int64) {
        self.partition = partition
        self.offset = offset
    }
}
