import EventStore
import Foundation
import NexusEvents
import NexusTestSupport
import Testing

/// Many customers race for little stock over real HTTP against real PostgreSQL.
@Suite("Order concurrency over HTTP")
struct OrderConcurrencyTests {
    struct Attempt: Sendable {
        var lines: [String: Int]
        var reply: APIReply
    }

    @Test func concurrentOrdersNeverOversellAndTheLogAgreesWithTheResponses() async throws {
        try await APIHarness.run("http_concurrency") { api in
            let admin = try await api.token()
            let received = ["RACE-A": 7, "RACE-B": 4, "RACE-C": 2]
            for (sku, stock) in received { try await api.product(sku, stock: stock, admin: admin) }
            var customers: [String] = []
            for index in 0..<8 { customers.append(try await api.customer("racer\(index)").token) }
            let skus = received.keys.sorted()
            let attempts = try await withThrowingTaskGroup(of: Attempt.self) { group in
                for index in 0..<72 {
                    let lines = index % 3 == 0
                        ? [skus[index % skus.count]: 1 + index % 2, skus[(index + 1) % skus.count]: 1]
                        : [skus[index % skus.count]: 1 + index % 2]
                    let json = lines.map { #"{"sku":"\#($0.key)","quantity":\#($0.value)}"# }.joined(separator: ",")
                    let token = customers[index % customers.count]
                    group.addTask {
                        Attempt(lines: lines, reply: try await api.send(.post, "/orders", json: #"{"lines":[\#(json)]}"#, token: token))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }

            let accepted = attempts.filter { $0.reply.status == 201 }
            let rejected = attempts.filter { $0.reply.status != 201 }
            #expect(!accepted.isEmpty)
            #expect(!rejected.isEmpty)
            for attempt in rejected {
                #expect(attempt.reply.status == 409, "\(attempt.reply.text)")
                #expect(attempt.reply.isProblem)
            }

            let log = try await api.log()
            let placed = try log.filter { $0.type == "OrderPlaced" }.map { event -> OrderPlaced in
                guard case .orderPlaced(let payload) = try NexusEvent.decode(
                    eventType: event.type, schemaVersion: event.schemaVersion, data: event.data) else { throw CancellationError() }
                return payload
            }
            let acceptedIds = Set(accepted.compactMap { $0.reply.string("id") })
            #expect(acceptedIds.count == accepted.count)
            #expect(Set(placed.map { $0.orderId.uuidString.lowercased() }) == acceptedIds, "the log holds exactly the accepted orders")

            var reservedInLog: [String: Int] = [:]
            var reservationsByOrder: [String: [String: Int]] = [:]
            for event in log where event.type == "StockReserved" {
                guard case .stockReserved(let reserved) = try NexusEvent.decode(
                    eventType: event.type, schemaVersion: event.schemaVersion, data: event.data) else { continue }
                reservedInLog[reserved.sku, default: 0] += reserved.quantity
                reservationsByOrder[reserved.orderId.uuidString.lowercased(), default: [:]][reserved.sku] = reserved.quantity
            }
            for attempt in accepted {
                let id = try #require(attempt.reply.string("id"))
                #expect(reservationsByOrder[id] == attempt.lines, "accepted order \(id) has exactly its reservations")
            }
            #expect(Set(reservationsByOrder.keys) == acceptedIds, "rejected orders have no reservations")
            var acceptedPerSku: [String: Int] = [:]
            for attempt in accepted { for (sku, quantity) in attempt.lines { acceptedPerSku[sku, default: 0] += quantity } }
            #expect(reservedInLog == acceptedPerSku)
            for (sku, stock) in received {
                #expect(reservedInLog[sku, default: 0] <= stock, "\(sku) oversold")
                let versions = try await api.store.readStream(StreamName("inventory-\(sku)")).map(\.version)
                #expect(versions == Array(1...Int64(versions.count)), "no holes in \(sku)")
            }
        }
    }
}
