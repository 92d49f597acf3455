import EventStore
import EventStorePostgres
import Foundation
import Logging
import NexusEvents
import NexusTestSupport
import PostgresNIO
import Projections
import Testing

/// A customer's order count and total spent are sums over every order; about 1,800 orders of the
/// largest total would pass the 64-bit range. The users projection must keep applying (a failing
/// statement would stop its worker for good), so its sums stop at the range's end.
@Suite("Users read model totals at the edge of the 64-bit range")
struct UsersTotalsSaturationTests {
    let logger = Logger(label: "nexus.test.projections.users-totals")

    @Test("totals near Int64.max saturate instead of failing the batch, within one batch and across batches")
    func totalsSaturate() async throws {
        try await TestDatabase.withEventStore(prefix: "proj_users_totals") { store, _ in
            try await ProjectionSchema.migrator.migrate(store.client, logger: logger)
            let customer = UUID()
            let registration = NexusEvent.userRegistered(UserRegistered(
                userId: customer, email: "edge@example.com", name: "Edge", role: .customer, registeredAt: Date()))
            try await apply([[registration], paidOrder(of: customer, amount: 10)], store: store)
            #expect(try await totals(of: customer, store.client) == [1, 10])

            // As if ~1,800 orders of the largest total had been applied already.
            try await store.client.query(
                "UPDATE read.users_order_totals SET order_count = \(Int64.max - 1), total_spent_minor = \(Int64.max - 5) WHERE user_id = \(customer)",
                logger: logger)
            try await apply([paidOrder(of: customer, amount: 1_000), paidOrder(of: customer, amount: 1_000)], store: store)
            #expect(try await totals(of: customer, store.client) == [Int64.max, Int64.max])

            // One batch whose own sum passes the range (two payments of Int64.max).
            let other = UUID()
            try await apply([paidOrder(of: other, amount: .max) + paidOrder(of: other, amount: .max)], store: store)
            #expect(try await totals(of: other, store.client) == [2, Int64.max])
        }
    }

    /// The events of an order of `customer` placed and paid with `amount` minor units.
    private func paidOrder(of customer: UUID, amount: Int64) -> [NexusEvent] {
        let orderId = UUID()
        let total = Money(amountMinor: amount, currency: "EUR")
        return [
            .orderPlaced(OrderPlaced(
                orderId: orderId, customerId: customer, lines: [OrderLine(sku: "SKU-1", quantity: 1, unitPrice: total)],
                total: total, placedAt: Date())),
            .orderPaid(OrderPaid(orderId: orderId, amount: total, paidAt: Date())),
        ]
    }

    /// Appends each group of events (one stream each) and applies them all as one batch to the users projection.
    private func apply(_ groups: [[NexusEvent]], store: PostgresEventStore) async throws {
        var appended: [RecordedEvent] = []
        for events in groups {
            let stream = try StreamName(try #require(events.first).streamName)
            let version = try await store.currentVersion(of: stream)
            _ = try await store.append(AppendRequest(streams: [StreamAppend(
                stream: stream, expectedVersion: version == 0 ? .noStream : .exact(version),
                events: events.map { EventData(type: $0.eventType, schemaVersion: $0.schemaVersion, data: $0.encodedData()) })]))
            appended += try await store.readStream(stream).filter { $0.version > version }
        }
        let projection = UsersProjection()
        let applier = ProjectionApplier(projection: projection, logger: logger)
        try await store.client.withConnection { connection in
            let generation = try await ProjectionGenerations(logger: logger).ensureServing(projection, on: connection)
            _ = try await connection.withTransaction(logger: logger) { try await applier.apply(appended, to: generation, on: $0) }
        }
    }

    /// The order count and total spent on the user's row (or the totals alone when no row exists).
    private func totals(of user: UUID, _ client: PostgresClient) async throws -> [Int64] {
        let rows = try await client.query(
            """
            SELECT coalesce(u.order_count, t.order_count), coalesce(u.total_spent_minor, t.total_spent_minor)
              FROM read.users_order_totals t LEFT JOIN read.users u ON u.id = t.user_id WHERE t.user_id = \(user)
            """,
            logger: logger)
        var result: [Int64] = []
        for try await (count, spent) in rows.decode((Int64, Int64).self) { result = [count, spent] }
        return result
    }
}
