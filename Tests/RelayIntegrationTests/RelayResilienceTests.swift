import Foundation
import EventStore
import EventStorePostgres
import Kafka
import NexusTestSupport
import PostgresNIO
import Relay
import Testing

@Suite("Relay survives restarts, crashes, broker outages and fail-over")
struct RelayResilienceTests {
    @Test("a restarted relay continues from its checkpoint without republishing")
    func restartFromCheckpoint() async throws {
        let fixture = try RelayFixture()
        try await TestDatabase.withEventStore(prefix: "relay_restart") { store, _ in
            let consumer = try fixture.consumer()
            let received = try await TestServices.withRunning([fixture.broker, fixture.producer, consumer]) {
                try await RelayFixture.appendBatch(50, to: "product-A", in: store)
                let first = fixture.relay(store: store)
                try await TestServices.withRunning([first]) {
                    try await TestServices.eventually { first.status().checkpoint > 0 && first.status().lag == 0 }
                }
                try await RelayFixture.appendBatch(50, to: "product-A", in: store)
                let second = fixture.relay(store: store)
                return try await TestServices.withRunning([second]) {
                    let events = try await RelayFixture.allEvents(in: store)
                    return try await RelayFixture.collect(ids: Set(events.map { $0.id.uuidString.lowercased() }), from: consumer)
                }
            }
            let versions = received.compactMap { $0.header("nexus_stream_version").flatMap(Int64.init) }
            #expect(versions == Array(1...100))
        }
    }

    @Test(
        "the database kills the relay's and the store's connections under load: every event still arrives",
        .timeLimit(.minutes(2))  // a statement sent to a closed connection used to wait forever
    )
    func killedConnections() async throws {
        let fixture = try RelayFixture()
        try await TestDatabase.withEventStore(prefix: "relay_killed") { store, database in
            let relay = fixture.relay(store: store, batchSize: 50)
            let consumer = try fixture.consumer()
            let received = try await TestServices.withRunning([fixture.broker, fixture.producer, relay, consumer]) {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for writer in 0..<4 {
                        group.addTask {
                            let stream = try StreamName("inventory-killed\(writer)")
                            for n in 0..<150 {
                                let request = AppendRequest(
                                    stream: stream, expectedVersion: .any,
                                    events: [EventData(type: "StockReceived", data: Data(#"{"n": \#(n)}"#.utf8))],
                                    idempotencyKey: "\(stream.rawValue)-\(n)"
                                )
                                while true {
                                    do {
                                        _ = try await store.append(request)
                                        break
                                    } catch let error as EventStoreError where error.code == .unavailable {
                                        try await Task.sleep(for: .milliseconds(5))
                                    }
                                }
                            }
                        }
                    }
                    // Kills every application-role connection: the store's and the relay's (its lock and LISTEN).
                    try await TestDatabase.withClient(database.superuserConfiguration) { admin in
                        for _ in 0..<6 {
                            try await Task.sleep(for: .milliseconds(150))
                            try await admin.query(
                                """
                                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                                 WHERE datname = \(database.name) AND usename <> current_user AND backend_type = 'client backend'
                                """
                            )
                        }
                    }
                    try await group.waitForAll()
                }
                let events = try await RelayFixture.allEvents(in: store)
                #expect(events.count == 600)
                return try await RelayFixture.collect(ids: RelayFixture.ids(events), from: consumer)
            }
            #expect(Set(received.compactMap { $0.header("ce_id") }).count == 600)
        }
    }

    @Test("killed in the middle of a batch: every event still arrives, duplicates only after the saved checkpoint")
    func crashMidBatch() async throws {
        let fixture = try RelayFixture()
        try await TestDatabase.withEventStore(prefix: "relay_crash") { store, _ in
            let events = try await RelayFixture.fillOrders(tag: "", in: store)
            let checkpoints = PostgresCheckpointStore(client: store.client, logger: RelayFixture.logger)
            let consumer = try fixture.consumer()
            let (received, savedAtCrash) = try await TestServices.withRunning([fixture.broker, fixture.producer, consumer]) {
                let doomed = fixture.relay(store: store, batchSize: 200)
                let task = Task { try await doomed.run() }
                try await TestServices.eventually { doomed.status().checkpoint > 0 }
                task.cancel()
                _ = await task.result
                let savedAtCrash = try await checkpoints.position(of: "relay")
                let successor = fixture.relay(store: store, batchSize: 200)
                let received = try await TestServices.withRunning([successor]) {
                    try await RelayFixture.collect(ids: RelayFixture.ids(events), from: consumer, within: .seconds(120))
                }
                return (received, savedAtCrash)
            }
            #expect(savedAtCrash > 0 && savedAtCrash < events.last!.position, "the crash should land mid-stream")
            let seen = RelayFixture.deliveryCounts(received)
            for event in events where event.position <= savedAtCrash {
                #expect(seen[event.id.uuidString.lowercased()] == 1, "acknowledged event \(event.position) published twice")
            }
            for stream in 0..<20 {
                var highest: Int64 = 0
                for version in received.filter({ $0.keyString == "order-\(stream)" }).compactMap({ $0.header("nexus_stream_version").flatMap(Int64.init) }) {
                    #expect(version <= highest + 1, "order-\(stream) skipped ahead to \(version) after \(highest)")
                    highest = max(highest, version)
                }
                #expect(highest == 1000)
            }
        }
    }

    @Test("while the broker is down the relay reports lag and retries; it catches up when the broker returns")
    func brokerDownThenUp() async throws {
        let fixture = try RelayFixture(messageTimeout: .milliseconds(800))
        try await TestDatabase.withEventStore(prefix: "relay_outage") { store, _ in
            let relay = fixture.relay(store: store)
            let consumer = try fixture.consumer()
            let received = try await TestServices.withRunning([fixture.broker, fixture.producer, relay, consumer]) {
                try await RelayFixture.appendBatch(10, to: "inventory-X", in: store)
                try await TestServices.eventually { relay.status().checkpoint > 0 && relay.status().lag == 0 }
                try fixture.broker.setBrokerDown()
                try await RelayFixture.appendBatch(100, to: "inventory-X", in: store)
                try await TestServices.eventually { relay.status().lag >= 100 && relay.status().lastError != nil }
                try fixture.broker.setBrokerUp()
                try await TestServices.eventually(within: .seconds(60)) { relay.status().lag == 0 }
                let events = try await RelayFixture.allEvents(in: store)
                return try await RelayFixture.collect(ids: Set(events.map { $0.id.uuidString.lowercased() }), from: consumer)
            }
            let firstSeen = received.compactMap { $0.header("nexus_stream_version").flatMap(Int64.init) }.reduce(into: [Int64]()) { order, version in
                if !order.contains(version) { order.append(version) }
            }
            #expect(firstSeen == Array(1...110))
        }
    }

    @Test("a hot standby takes over when the active relay dies")
    func standbyTakeover() async throws {
        let fixture = try RelayFixture()
        try await TestDatabase.withEventStore(prefix: "relay_standby") { store, database in
            let consumer = try fixture.consumer()
            let received = try await TestServices.withRunning([fixture.broker, fixture.producer, consumer]) {
                try await TestDatabase.withClient(database.configuration) { standbyClient in
                    let standbyStore = PostgresEventStore(client: standbyClient, logger: RelayFixture.logger)
                    let standby = fixture.relay(store: standbyStore)
                    return try await TestDatabase.withClient(database.configuration) { activeClient in
                        let active = fixture.relay(store: PostgresEventStore(client: activeClient, logger: RelayFixture.logger))
                        let activeTask = Task { try await active.run() }
                        try await TestServices.eventually { active.status().role == .active }
                        return try await TestServices.withRunning([standby]) {
                            try await TestServices.eventually { standby.status().role == .standby }
                            try await RelayFixture.appendBatch(20, to: "user-1", in: store)
                            try await TestServices.eventually { active.status().checkpoint > 0 && active.status().lag == 0 }
                            #expect(standby.status().role == .standby)
                            activeTask.cancel()
                            _ = await activeTask.result
                            try await TestServices.eventually { standby.status().role == .active }
                            try await RelayFixture.appendBatch(20, to: "user-1", in: store)
                            let events = try await RelayFixture.allEvents(in: store)
                            return try await RelayFixture.collect(ids: Set(events.map { $0.id.uuidString.lowercased() }), from: consumer)
                        }
                    }
                }
            }
            let versions = received.compactMap { $0.header("nexus_stream_version").flatMap(Int64.init) }
            #expect(versions == Array(1...40))
        }
    }
}
