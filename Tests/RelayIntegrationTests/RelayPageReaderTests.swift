import EventStore
import EventStorePostgres
import NexusTestSupport
import PostgresNIO
import Privacy
import Relay
import Testing

@Suite("The relay's pages, read and encoded ahead of the publishing loop")
struct RelayPageReaderTests {
    private static func reader(_ store: PostgresEventStore, batchSize: Int) -> RelayPageReader {
        RelayPageReader(
            store: store, vault: PersonalDataVault(client: store.client, configuration: nil, logger: RelayFixture.logger),
            encoder: CloudEventEncoder(topics: RelayTopics(prefix: "nexus."), source: "/nexus"), batchSize: batchSize)
    }

    @Test("pages follow one another without a gap or a repeat; a full page starts reading the next, a partial one does not")
    func pagesInOrder() async throws {
        try await TestDatabase.withEventStore(prefix: "relay_pages") { store, _ in
            try await RelayFixture.appendBatch(25, to: "inventory-pages", in: store)
            let expected = try await RelayFixture.allEvents(in: store).map(\.position)
            let reader = Self.reader(store, batchSize: 10)
            try await store.client.withConnection { connection in
                var pending: RelayPageReader.Pending? = reader.page(after: 0, on: connection)
                var positions: [Int64] = []
                var shapes: [(count: Int, full: Bool, readAhead: Bool)] = []
                while let current = pending {
                    let prepared = try await current.page()
                    #expect(prepared.page.messages.count == prepared.page.positions.count)
                    positions += prepared.page.positions
                    shapes.append((prepared.page.positions.count, prepared.page.isFull, prepared.next != nil))
                    pending = reader.page(following: prepared, on: connection)
                }
                #expect(positions == expected)
                #expect(shapes.map(\.count) == [10, 10, 5, 0])
                #expect(shapes.map(\.full) == [true, true, false, false])
                #expect(shapes.map(\.readAhead) == [true, true, false, false])
            }
        }
    }

    @Test("a page given up also gives up the read it started after itself")
    func discardCancelsReadAhead() async throws {
        try await TestDatabase.withEventStore(prefix: "relay_pages_discard") { store, _ in
            try await RelayFixture.appendBatch(20, to: "inventory-discard", in: store)
            let reader = Self.reader(store, batchSize: 10)
            try await store.client.withConnection { connection in
                let pending = reader.page(after: 0, on: connection)
                let next = try #require(try await pending.page().next)
                reader.discard(pending)
                try await TestServices.eventually(within: .seconds(10)) { next.isCancelled }
            }
        }
    }
}
