import EventStore
import Foundation
import Kafka
import NexusEvents
import NexusTestSupport
import Relay
import Testing

/// The published headers must be exactly those `events/asyncapi.json` documents.
@Suite("Relay messages follow the documented contract")
struct RelayContractTests {
    @Test("the header names, their order and the ce_type match events/asyncapi.json")
    func headersMatchAsyncAPI() async throws {
        let fixture = try RelayFixture()
        try await TestDatabase.withEventStore(prefix: "relay_contract") { store, _ in
            try await RelayFixture.append(3, to: "inventory-SKU9", in: store)
            let events = try await RelayFixture.allEvents(in: store)
            let relay = fixture.relay(store: store)
            let consumer = try fixture.consumer()
            let received = try await TestServices.withRunning([fixture.broker, fixture.producer, relay, consumer]) {
                try await RelayFixture.collect(ids: Set(events.map { $0.id.uuidString.lowercased() }), from: consumer)
            }
            let message = try #require(Self.contractMessages()["StockReceived.v1"])
            for published in received {
                #expect(published.headers.map(\.name) == message.requiredHeaders)
                #expect(published.header("ce_type") == message.cloudEventType)
                #expect(published.topic == message.topic)
            }
        }
    }

    @Test("every event type is published on its payload's area topic, which a projection subscribes to")
    func eventTypesTravelOnTheirAreaTopic() throws {
        let topics = RelayTopics(prefix: "p.")
        for type in EventContract.payloadTypes {
            let category = try StreamName(type.sample.streamName).category
            #expect(topics.topic(ofCategory: category) == "p.\(type.area.rawValue)", "\(type.eventType)")
            #expect(topics.topics(carrying: [type.eventType]) == ["p.\(type.area.rawValue)"])
        }
        #expect(topics.topics(carrying: ["StockReceived", "ProductCreated", "NoSuchEvent"]) == ["p.catalog", "p.inventory"])
    }

    private struct ContractMessage {
        var requiredHeaders: [String]
        var cloudEventType: String?
        var topic: String?
    }

    /// Messages of `events/asyncapi.json` by name (e.g. `StockReceived.v1`), with their topic.
    private static func contractMessages() throws -> [String: ContractMessage] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let data = try Data(contentsOf: root.appendingPathComponent("events/asyncapi.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let components = try #require(document["components"] as? [String: Any])
        let messages = try #require(components["messages"] as? [String: [String: Any]])
        var topics: [String: String] = [:]
        for case let channel as [String: Any] in (document["channels"] as? [String: Any] ?? [:]).values {
            guard let address = channel["address"] as? String, let channelMessages = channel["messages"] as? [String: Any] else { continue }
            for name in channelMessages.keys { topics[name] = address }
        }
        return messages.mapValues { message in
            let headers = message["headers"] as? [String: Any]
            let properties = headers?["properties"] as? [String: Any]
            let type = (properties?["ce_type"] as? [String: Any])?["const"] as? String
            return ContractMessage(requiredHeaders: headers?["required"] as? [String] ?? [], cloudEventType: type, topic: nil)
        }.reduce(into: [:]) { result, entry in
            var message = entry.value
            message.topic = topics[entry.key]
            result[entry.key] = message
        }
    }
}
