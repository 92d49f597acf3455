import EventStore
import Logging
import PostgresNIO
import Projections

/// Applies events as live mode would: grouped into "partitions" by stream (order kept within a
/// stream, interleaved at random across streams), in small batches, with re-deliveries.
enum LiveApplication {
    static func apply(
        _ events: [RecordedEvent], partitions: Int, seed: UInt64, client: PostgresClient, logger: Logger
    ) async throws {
        var random = SeededGenerator(seed: seed)
        var queues = Array(repeating: [RecordedEvent](), count: partitions)
        for event in events {
            queues[Int(UInt(bitPattern: event.stream.rawValue.hashValue) % UInt(partitions))].append(event)
        }
        var batches: [[RecordedEvent]] = []
        while queues.contains(where: { !$0.isEmpty }) {
            let candidates = queues.indices.filter { !queues[$0].isEmpty }
            let partition = candidates[Int.random(in: 0..<candidates.count, using: &random)]
            let size = min(queues[partition].count, Int.random(in: 1...7, using: &random))
            batches.append(Array(queues[partition].prefix(size)))
            queues[partition].removeFirst(size)
            if Int.random(in: 0..<5, using: &random) == 0 { batches.append(batches[batches.count - 1]) }
        }
        for projection in ProjectionCatalog.all {
            let generations = ProjectionGenerations(logger: logger)
            let applier = ProjectionApplier(projection: projection, logger: logger)
            for batch in batches {
                try await client.withConnection { connection in
                    let generation = try await generations.ensureServing(projection, on: connection)
                    _ = try await connection.withTransaction(logger: logger) { try await applier.apply(batch, to: generation, on: $0) }
                }
            }
        }
    }
}
