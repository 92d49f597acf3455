import EventStore
import EventStorePostgres
import Kafka
import Logging
import NexusConcurrency
import PostgresNIO
import Privacy

/// The active relay's work: read the store after the checkpoint, publish, and move the
/// checkpoint only over events whose delivery the broker acknowledged. Events leave as
/// ``EventExit`` says in `sealed` mode: personal fields stay sealed (or read as the erased
/// marker), secrets of legacy versions are removed, so no re-publication after an erasure
/// carries the person's data.
///
/// Up to `maximumBatchesInFlight` batches are enqueued ahead, so reading the next batch overlaps
/// the broker's acknowledgement of the previous ones, and the pages after the one being enqueued
/// are already being read, filtered and encoded (``RelayPageReader``); once caught up, events
/// committed while batches are unacknowledged are read and enqueued at once rather than after
/// those answers. Batches complete in order; the first failed message stops the round (later
/// batches are drained, not counted) and the next round restarts right after the last
/// acknowledged event, so per-stream order holds and only unacknowledged events (and those after
/// them) are sent again.
struct RelayPublisher {
    let store: PostgresEventStore
    let producer: KafkaProducer
    let encoder: CloudEventEncoder
    /// Decides what of each event may be published (secrets removed, erased persons marked).
    let vault: PersonalDataVault
    let configuration: RelayConfiguration
    /// The checkpoint, bound to the cluster `producer` publishes to.
    let checkpoint: RelayCheckpoint
    let state: RelayState
    let logger: Logger

    private struct InFlight {
        let positions: [Int64]
        let delivery: BackgroundDelivery
        let enqueued: ContinuousClock.Instant
    }

    /// The outcome of one catch-up round.
    struct Round {
        var checkpoint: Int64
        var published: Int
        var failure: KafkaError?
    }

    /// Publishes everything after `checkpoint` until caught up or a delivery fails. Each advance of
    /// the checkpoint is saved on `connection` (the one holding the publisher lock) behind the
    /// loop (``CheckpointSaves``); the round returns once the last one is saved. While
    /// batches are still unacknowledged, a signal on `wake` (a commit) reads again at once, so an
    /// event committed meanwhile is enqueued without waiting for the broker's answers to the
    /// earlier batches; the answers signal `wake` too while the round waits for them.
    func catchUp(from checkpoint: Int64, on connection: PostgresConnection, wake: WakeSignal, isStopping: () -> Bool) async throws -> Round {
        var round = Round(checkpoint: checkpoint, published: 0)
        var inFlight: [InFlight] = []
        let answers = DeliveryAnswers(wake: wake)
        let pages = RelayPageReader(store: store, vault: vault, encoder: encoder, batchSize: configuration.batchSize)
        // The next page is read, filtered and encoded while this one is enqueued.
        var nextPage: RelayPageReader.Pending? = pages.page(after: checkpoint, on: connection)
        let saves = CheckpointSaves(
            save: { [saver = self.checkpoint] in try await saver.save($0, on: connection) },
            saved: { [state] count, position in state.acknowledged(count, upTo: position) })
        defer {
            if let nextPage { pages.discard(nextPage) }
            for batch in inFlight { batch.delivery.cancel() }
        }
        var readUpTo = checkpoint
        do {
            while true {
                if round.failure == nil, !isStopping(), inFlight.count < configuration.maximumBatchesInFlight, let reading = nextPage {
                    let prepared = try await reading.page()
                    let page = prepared.page
                    readUpTo = page.lastPosition ?? readUpTo
                    nextPage = pages.page(following: prepared, on: connection)
                    if !page.isEmpty {
                        let delivery = try await producer.enqueue(page.messages)
                        state.metrics.enqueued(recordedAt: page.recordedAt)
                        inFlight.append(InFlight(positions: page.positions, delivery: answers.track(delivery), enqueued: .now))
                        continue
                    }
                }
                guard let oldest = inFlight.first else {
                    try await saves.finish()
                    return round
                }
                // Caught up with batches unacknowledged: wait for a commit or for the oldest answer,
                // and after any wake read again (the signal may have been a commit's).
                if nextPage == nil, round.failure == nil, !isStopping(), inFlight.count < configuration.maximumBatchesInFlight {
                    if await answers.wait(unless: oldest.delivery.isAnswered, upTo: configuration.pollInterval) {
                        try Task.checkCancellation()
                        nextPage = pages.page(after: readUpTo, on: connection)
                    }
                    if !oldest.delivery.isAnswered { continue }
                }
                let batch = inFlight.removeFirst()
                let outcomes = try await batch.delivery.outcomes()
                guard round.failure == nil else { continue }
                let firstFailure = outcomes.firstIndex { if case .failure = $0 { true } else { false } }
                let acknowledged = firstFailure ?? outcomes.count
                if let firstFailure, case .failure(let error) = outcomes[firstFailure] {
                    round.failure = error
                }
                guard acknowledged > 0 else { continue }
                state.metrics.acknowledged(acknowledged, enqueued: batch.enqueued)
                round.checkpoint = batch.positions[acknowledged - 1]
                round.published += acknowledged
                try saves.submit(round.checkpoint, count: acknowledged)
            }
        } catch {
            // The connection is the caller's again once this returns: no save may still be using it.
            _ = try? await saves.finish()
            throw error
        }
    }
}
