/// Messages to produce, written into one byte buffer: each key, value, header name and header
/// value is a range of `bytes`, so building a message allocates nothing once the buffer has
/// grown (``KafkaOutgoingMessage`` holds an array per key, value and header).
///
/// Build a message with ``append(topic:key:writingValue:)``, then its headers, in order, with
/// ``appendHeader(name:value:)`` and its forms: a header belongs to the message appended last.
/// Read back, the batch is a collection of ``KafkaOutgoingMessage``s (copies).
public struct KafkaOutgoingBatch: Sendable, RandomAccessCollection {
    /// One message's parts: the index of its topic in `topics`, ranges of `bytes`, and its first
    /// header in `headers` (its headers run to the next message's first).
    struct Message {
        var topic: Int
        var key: Range<Int>?
        var value: Range<Int>
        var firstHeader: Int
    }

    /// One header: ranges of `bytes`.
    struct Header {
        var name: Range<Int>
        var value: Range<Int>
    }

    /// Keys, values, header names and values, back to back.
    private(set) var bytes: [UInt8] = []
    /// The topics, each once, in order of first use.
    private(set) var topics: [String] = []
    private(set) var messages: [Message] = []
    private(set) var headers: [Header] = []

    /// An empty batch.
    public init() {}

    /// A batch of `messages`, in order.
    public init(_ messages: [KafkaOutgoingMessage]) {
        reserveCapacity(messages: messages.count, headers: messages.reduce(0) { $0 + $1.headers.count }, bytes: 0)
        for message in messages {
            let key = message.key.map { key in appendBytes { $0.append(contentsOf: key) } }
            startMessage(topic: message.topic, key: key, value: appendBytes { $0.append(contentsOf: message.value) })
            for header in message.headers {
                appendHeader(name: header.name, value: header.value)
            }
        }
    }

    /// The first message's index: 0.
    public var startIndex: Int { 0 }
    /// The number of messages.
    public var endIndex: Int { messages.count }

    /// Makes room for `messages` more messages, `headers` more headers and `bytes` more bytes of
    /// keys, values, header names and values.
    public mutating func reserveCapacity(messages: Int, headers: Int, bytes: Int) {
        self.messages.reserveCapacity(self.messages.count + messages)
        self.headers.reserveCapacity(self.headers.count + headers)
        self.bytes.reserveCapacity(self.bytes.count + bytes)
    }

    /// Appends a message to `topic` with the UTF-8 `key` (`nil`: a null key) and the value
    /// `writeValue` appends to the buffer it is given (it must only append).
    public mutating func append(topic: String, key: String?, writingValue writeValue: (inout [UInt8]) -> Void) {
        let key = key.map { key in appendBytes { $0.append(contentsOf: key.utf8) } }
        startMessage(topic: topic, key: key, value: appendBytes(writeValue))
    }

    /// Appends a header with `value` to the message appended last.
    public mutating func appendHeader(name: String, value: [UInt8]) {
        appendHeader(name: name) { $0.append(contentsOf: value) }
    }

    /// Appends a header with the UTF-8 `string` to the message appended last.
    public mutating func appendHeader(name: String, string: String) {
        appendHeader(name: name) { $0.append(contentsOf: string.utf8) }
    }

    /// Appends a header to the message appended last, with the value `writeValue` appends to the
    /// buffer it is given (it must only append).
    public mutating func appendHeader(name: String, writingValue writeValue: (inout [UInt8]) -> Void) {
        precondition(!messages.isEmpty, "a header needs a message to belong to")
        let name = appendBytes { $0.append(contentsOf: name.utf8) }
        headers.append(Header(name: name, value: appendBytes(writeValue)))
    }

    /// Message `index` as a ``KafkaOutgoingMessage`` (its bytes copied).
    public subscript(index: Int) -> KafkaOutgoingMessage {
        let message = messages[index]
        return KafkaOutgoingMessage(
            topic: topics[message.topic], key: message.key.map { Array(bytes[$0]) }, value: Array(bytes[message.value]),
            headers: headerRange(of: index).map { KafkaHeader(name: String(decoding: bytes[headers[$0].name], as: UTF8.self), value: Array(bytes[headers[$0].value])) }
        )
    }

    /// The indices in `headers` of message `index`'s headers.
    func headerRange(of index: Int) -> Range<Int> {
        messages[index].firstHeader..<(index + 1 < messages.count ? messages[index + 1].firstHeader : headers.count)
    }

    private mutating func startMessage(topic: String, key: Range<Int>?, value: Range<Int>) {
        messages.append(Message(topic: topicIndex(topic), key: key, value: value, firstHeader: headers.count))
    }

    /// The index of `topic` in `topics`, added if new (a batch has few topics; most messages go
    /// to the previous message's).
    private mutating func topicIndex(_ topic: String) -> Int {
        if let last = messages.last, topics[last.topic] == topic { return last.topic }
        if let index = topics.firstIndex(of: topic) { return index }
        topics.append(topic)
        return topics.count - 1
    }

    /// The range of what `write` appends to `bytes`.
    private mutating func appendBytes(_ write: (inout [UInt8]) -> Void) -> Range<Int> {
        let start = bytes.count
        write(&bytes)
        precondition(bytes.count >= start, "a writer must only append")
        return start..<bytes.count
    }
}
