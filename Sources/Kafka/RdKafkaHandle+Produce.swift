import CRdKafka

extension RdKafkaHandle {
    /// Enqueues copies of `batch`'s messages from `start` on, in order, each tagged with
    /// `correlationID(index)`, until librdkafka's local queue is full; returns the index of the
    /// message that found it full (`batch.count` when every message was handed over). A message
    /// librdkafka refuses for another reason goes to `refused`, and the next one follows.
    /// Non-blocking: librdkafka only appends to its local queue.
    func enqueue(_ batch: KafkaOutgoingBatch, from start: Int, correlationID: (Int) -> UInt, refused: (Int, KafkaError) -> Void) -> Int {
        let topics = topicHandles(batch.topics)
        return batch.bytes.withUnsafeBytes { bytes in
            withUnsafeTemporaryAllocation(of: rd_kafka_vu_t.self, capacity: 6) { vus in
                var index = start
                while index < batch.count {
                    let message = batch.messages[index]
                    switch topics[message.topic] {
                    case .success(let topic):
                        let headers = Self.makeHeaders(batch, of: index, bytes: bytes)
                        let result = Self.produce(
                            vus, on: pointer, topic: topic, key: message.key.map { UnsafeRawBufferPointer(rebasing: bytes[$0]) },
                            value: UnsafeRawBufferPointer(rebasing: bytes[message.value]), headers: headers, correlationID: correlationID(index))
                        if result != RD_KAFKA_RESP_ERR_NO_ERROR, let headers {
                            rd_kafka_headers_destroy(headers)
                        }
                        if result == RD_KAFKA_RESP_ERR__QUEUE_FULL { return index }
                        if result != RD_KAFKA_RESP_ERR_NO_ERROR {
                            refused(index, KafkaError(code: .enqueueFailed, rdKafkaError: result, context: "enqueue to \(batch.topics[message.topic])"))
                        }
                    case .failure(let error):
                        refused(index, error)
                    }
                    index += 1
                }
                return index
            }
        }
    }

    /// One `rd_kafka_produceva` call: key (`nil`: a null key) and value are copied by librdkafka,
    /// which owns `headers` once it accepts the message; `vus` has room for six values.
    private static func produce(
        _ vus: UnsafeMutableBufferPointer<rd_kafka_vu_t>, on pointer: OpaquePointer, topic: OpaquePointer, key: UnsafeRawBufferPointer?,
        value: UnsafeRawBufferPointer, headers: OpaquePointer?, correlationID: UInt
    ) -> rd_kafka_resp_err_t {
        var count = 0
        func add(_ type: rd_kafka_vtype_t, _ fill: (inout rd_kafka_vu_t) -> Void) {
            var vu = rd_kafka_vu_t()
            vu.vtype = type
            fill(&vu)
            vus.initializeElement(at: count, to: vu)
            count += 1
        }
        add(RD_KAFKA_VTYPE_RKT) { $0.u.rkt = topic }
        add(RD_KAFKA_VTYPE_KEY) { $0.u.mem = .init(ptr: UnsafeMutableRawPointer(mutating: key?.baseAddress), size: key?.count ?? 0) }
        add(RD_KAFKA_VTYPE_VALUE) { $0.u.mem = .init(ptr: UnsafeMutableRawPointer(mutating: value.baseAddress), size: value.count) }
        add(RD_KAFKA_VTYPE_MSGFLAGS) { $0.u.i = RD_KAFKA_MSG_F_COPY }
        add(RD_KAFKA_VTYPE_OPAQUE) { $0.u.ptr = UnsafeMutableRawPointer(bitPattern: correlationID) }
        if let headers {
            add(RD_KAFKA_VTYPE_HEADERS) { $0.u.headers = headers }
        }
        defer { vus.baseAddress!.deinitialize(count: count) }
        guard let error = rd_kafka_produceva(pointer, vus.baseAddress, count) else {
            return RD_KAFKA_RESP_ERR_NO_ERROR
        }
        defer { rd_kafka_error_destroy(error) }
        return rd_kafka_error_code(error)
    }

    /// A librdkafka header list of message `index`'s headers (names and values copied), or `nil`
    /// when it has none.
    private static func makeHeaders(_ batch: KafkaOutgoingBatch, of index: Int, bytes: UnsafeRawBufferPointer) -> OpaquePointer? {
        let range = batch.headerRange(of: index)
        guard !range.isEmpty, let list = rd_kafka_headers_new(range.count) else { return nil }
        for header in batch.headers[range] {
            let name = UnsafeRawBufferPointer(rebasing: bytes[header.name])
            let value = UnsafeRawBufferPointer(rebasing: bytes[header.value])
            _ = rd_kafka_header_add(list, name.baseAddress?.assumingMemoryBound(to: CChar.self), name.count, value.baseAddress, value.count)
        }
        return list
    }
}
