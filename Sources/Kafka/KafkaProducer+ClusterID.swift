import CRdKafka

extension KafkaProducer {
    /// The id of the Kafka cluster this producer talks to, from broker metadata
    /// (`rd_kafka_clusterid`), waiting up to `timeout` for a broker to answer. The call blocks, so
    /// it runs on a thread of its own, never on the cooperative pool.
    /// - Throws: ``KafkaError`` `metadataUnavailable` when no broker answered in time.
    public func clusterID(timeout: Duration = .seconds(10)) async throws(KafkaError) -> String {
        let handle = self.handle
        let milliseconds = Int32(clamping: timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        return try await DedicatedThread.run(name: "kafka-cluster-id") { () throws(KafkaError) -> String in
            guard let id = rd_kafka_clusterid(handle.pointer, milliseconds) else {
                throw KafkaError(
                    code: .metadataUnavailable, message: "the Kafka cluster id could not be read within \(timeout)", isRetriable: true)
            }
            defer { rd_kafka_mem_free(handle.pointer, id) }
            return String(cString: id)
        }
    }
}
