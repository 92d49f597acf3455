import CRdKafka

/// Conversions between `rd_kafka_topic_partition_list_t` and Swift values.
enum RdKafkaPartitionList {
    /// The topic-partitions in a librdkafka list.
    static func partitions(of list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> [KafkaTopicPartition] {
        (0..<Int(list.pointee.cnt)).map { index in
            let element = list.pointee.elems[index]
            return KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition)
        }
    }

    /// Sets the offset of each listed partition found in `offsets`.
    static func setOffsets(_ offsets: [KafkaTopicPartition: Int64], in list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) {
        for index in 0..<Int(list.pointee.cnt) {
            let element = list.pointee.elems[index]
            let key = KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition)
            if let offset = offsets[key] {
                list.pointee.elems[index].offset = offset
            }
        }
    }

    /// A new list (caller destroys it) holding `offsets`.
    static func make(_ offsets: [KafkaTopicPartition: Int64]) -> UnsafeMutablePointer<rd_kafka_topic_partition_list_t> {
        let list = rd_kafka_topic_partition_list_new(Int32(offsets.count))!
        for (topicPartition, offset) in offsets.sorted(by: { $0.key < $1.key }) {
            rd_kafka_topic_partition_list_add(list, topicPartition.topic, topicPartition.partition).pointee.offset = offset
        }
        return list
    }

    /// A new list (caller destroys it) holding topic names, for subscriptions.
    static func make(topics: [String]) -> UnsafeMutablePointer<rd_kafka_topic_partition_list_t> {
        let list = rd_kafka_topic_partition_list_new(Int32(topics.count))!
        for topic in topics {
            rd_kafka_topic_partition_list_add(list, topic, RD_KAFKA_PARTITION_UA)
        }
        return list
    }
}
