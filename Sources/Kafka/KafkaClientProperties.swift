/// librdkafka properties supplied by configuration (`security.protocol`, `sasl.*`, `ssl.*`, …),
/// checked before any client uses them.
public enum KafkaClientProperties {
    /// Properties Nexus sets itself, refused from configuration: the bootstrap servers and the
    /// consumer groups have their own settings, and idempotence, `acks=all` and manual offsets
    /// are what the relay's and the projections' guarantees rest on.
    public static let reserved: Set<String> = [
        "bootstrap.servers", "metadata.broker.list", "group.id", "enable.idempotence", "acks", "request.required.acks",
        "enable.auto.commit", "enable.auto.offset.store",
    ]

    /// Refuses `properties` unless librdkafka accepts every one (a known name, a valid value) and
    /// can create a client with them; the error names the first offending property and never
    /// shows the value of one that may hold a secret (see ``isSecret(_:)``).
    public static func validate(_ properties: [String: String]) throws(KafkaError) {
        for name in properties.keys.sorted() where reserved.contains(name) {
            throw KafkaError(code: .invalidConfiguration, message: "Kafka property \(name) is set by Nexus and cannot be configured")
        }
        // log.queue keeps librdkafka's own warnings of this throwaway client off standard error.
        _ = try RdKafkaHandle(kind: .producer, properties: properties.merging(["log.queue": "true"]) { mine, _ in mine }, events: 0)
    }

    /// Whether the property `name` may hold a secret (passwords, keys, tokens, OAuth settings).
    public static func isSecret(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return ["password", "secret", "key", "token", "oauthbearer.config", "jaas"].contains { lowered.contains($0) }
    }

    /// librdkafka's message about `name=value`, with the value hidden when it may be secret.
    static func describe(_ name: String, value: String, problem: String) -> String {
        let shown = isSecret(name) && !value.isEmpty ? problem.replacingOccurrences(of: value, with: "[redacted]") : problem
        return "Kafka property \(name): \(shown)"
    }
}
