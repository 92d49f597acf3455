import EventStorePostgres
import Kafka
import Logging
import NexusTestSupport
import PostgresNIO
import Projections
import Testing

extension ProjectionWorkerTests {
    /// Batches commit asynchronously, so a crash can lose commits the database acknowledged,
    /// rows and offsets together, behind workers whose consumers have moved on. A cluster of
    /// this test's own (the shared one serves the tests running in parallel) is killed
    /// (`pg_ctl stop -m immediate`) three times while five workers apply a relay-shaped
    /// workload; the WAL writer waits 10 s between writes and autovacuum is off, so
    /// acknowledged commits still in WAL buffers are really lost. Without the workers' check of their committed offsets this
    /// fails: the read models miss the lost batches for good.
    @Test("a database crash loses acknowledged batch commits; workers find out, apply them again, and equal a rebuild")
    func workersRecoverFromDatabaseCrashes() async throws {
        try await PrivateCluster.with(settings: ["fsync=off", "wal_writer_delay=10s", "autovacuum=off"]) { try await crashWhileApplying(on: $0) }
    }

    private func crashWhileApplying(on cluster: PrivateCluster) async throws {
        let log = RecordedLog()
        let workerLogger = log.logger(label: "nexus.test.projections.crash")
        try await cluster.database.withEventStore(logger: logger) { store in
            let (prefix, messages) = try await relayShapedWorkload(seed: 2026, events: 600, in: store)
            let (broker, producer, topics, infrastructure) = try startKafka(prefix: prefix)
            defer { for task in infrastructure { task.cancel() } }
            let workers = ProjectionCatalog.all.map { projection in
                var configuration = consumerConfiguration(for: projection, broker: broker, topics: topics, prefix: prefix)
                configuration.sessionTimeout = .milliseconds(3000)
                configuration.heartbeatInterval = .milliseconds(300)
                configuration.maximumBatchSize = 5
                let worker = ProjectionWorker(projection: projection, client: store.client, consumerConfiguration: configuration, logger: workerLogger)
                return Task { try await worker.run() }
            }
            defer { for worker in workers { worker.cancel() } }

            let chunk = messages.count / 4
            for round in 0..<3 {
                for result in try await producer.send(Array(messages[(round * chunk)..<((round + 1) * chunk)])) { _ = try result.get() }
                // Crash while the workers are applying the chunk, or (round 1) once they are idle:
                // an idle worker only learns of the loss from its check.
                let consumed = round == 1 ? (round + 1) * chunk : round * chunk + chunk / 2
                try await Self.waitForConsumed(atLeast: consumed, client: store.client)
                try await cluster.crash()
                try await cluster.restart()
            }
            for result in try await producer.send(Array(messages[(3 * chunk)...])) { _ = try result.get() }
            try await Self.waitForConsumed(messages.count, client: store.client)

            // Some worker had moved past a commit the crash took back, and its check found out.
            let lostCommits = log.all.filter { $0.metadata[ProjectionLogKey.error.description]?.contains("savedOffsetsLost") == true }
            #expect(!lostCommits.isEmpty, """
                no crash took back a commit a worker had moved past: recovery was not exercised; \
                the workers logged: \(log.all.suffix(30).map { "\($0.level) \($0.message) \($0.metadata)" })
                """)

            try await expectLiveEqualsRebuild(of: store, events: messages.count)
        }
    }
}
