import CRdKafka

extension KafkaConsumer {
    /// Applies a rebalance event (on the poll thread): asks the application for starting offsets
    /// and assigns, or tells it about revoked partitions and unassigns.
    func rebalance(_ event: OpaquePointer) -> KafkaError? {
        guard let list = rd_kafka_event_topic_partition_list(event) else { return nil }
        let partitions = RdKafkaPartitionList.partitions(of: list)
        let reason = rd_kafka_event_error(event)
        if reason == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS {
            if let startingOffsets {
                do {
                    let offsets = try AsyncBridge.wait { try await startingOffsets(partitions) }
                    RdKafkaPartitionList.setOffsets(offsets, in: list)
                } catch {
                    rd_kafka_assign(handle.pointer, nil)
                    return KafkaError(code: .consumerFailed, message: "starting offsets for \(partitions): \(error)")
                }
            }
            let result = rd_kafka_assign(handle.pointer, list)
            guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
                return KafkaError(code: .consumerFailed, rdKafkaError: result, context: "assign \(partitions)")
            }
            assigned.withLock { $0 = partitions.sorted() }
            logger.info("partitions assigned", metadata: [KafkaLogMetadata.partitions: "\(partitions.sorted())"])
        } else {
            if let partitionsRevoked {
                _ = try? AsyncBridge.wait { await partitionsRevoked(partitions) }
            }
            rd_kafka_assign(handle.pointer, nil)
            assigned.withLock { $0 = [] }
            logger.info("partitions revoked", metadata: [KafkaLogMetadata.partitions: "\(partitions.sorted())"])
        }
        return nil
    }
}
