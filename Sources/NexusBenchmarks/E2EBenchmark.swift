import Foundation

/// `nexus bench e2e`: an open-loop load of stock receipts, each followed by a read of its own
/// write, timed from each command's due time (so a generator or connection pool that falls
/// behind, or a slow command, lengthens the figures instead of hiding: no coordinated omission).
package enum E2EBenchmark {
    /// Command `i` is due at `start + i / rate`; the generator sends it then, or at once if it
    /// is late (each command its own task). Once the command is accepted, the stock query with
    /// its `minPosition` answers when the read model shows it. `postmaster`, when known, is the
    /// local PostgreSQL server whose CPU time is reported beside Nexus's: `server`'s (a process
    /// driven over the network) or else this process's (server and load generator in one).
    ///
    /// With several `rates`, each is a step of `seconds` after the previous one has been
    /// answered, reported on its own (with the pipeline's per-stage latencies of that step when
    /// the server runs in this process), and the steps stop after the first that saturates
    /// (``E2EStep/isSaturated``).
    package static func drive(
        client: BenchHTTPClient, skus: [String], rates: [Int], seconds: Int, postmaster: Int32?, server: Int32? = nil,
        progress: (String) -> Void = { _ in }
    ) async -> String {
        var reports: [String] = []
        var steps: [E2EStep] = []
        for rate in rates {
            PipelineHistograms.shared.reset()
            let (report, step) = await drive(client: client, skus: skus, rate: rate, seconds: seconds, postmaster: postmaster, server: server)
            reports.append(report)
            steps.append(step)
            if rates.count > 1 { progress(report) }
            if step.isSaturated { break }
        }
        guard rates.count > 1 else { return reports.joined() }
        return (reports + [E2EStep.summary(steps, asked: rates)]).joined(separator: "\n\n")
    }

    /// One step at `rate`: its report and its figures.
    private static func drive(
        client: BenchHTTPClient, skus: [String], rate: Int, seconds: Int, postmaster: Int32?, server: Int32?
    ) async -> (String, E2EStep) {
        let results = E2EResults()
        let interval = Duration.nanoseconds(1_000_000_000 / rate)
        let total = rate * seconds
        let cpuBefore = CPUTimes(postmaster: postmaster, server: server)
        let start = ContinuousClock.now
        await withDiscardingTaskGroup { group in
            for index in 0..<total {
                let due = start + interval * index
                if due > ContinuousClock.now { try? await Task.sleep(until: due) }
                group.addTask {
                    await results.run {
                        let sku = skus[index % skus.count]
                        let command = try await client.send(.POST, "inventory/\(sku)/receipts", json: #"{"quantity":1}"#)
                        results.onWire(due: due, sent: command.sent)
                        let accepted = ContinuousClock.now
                        results.commandRoundTrip.record(accepted - due)
                        guard command.isSuccess,
                            let position = try? JSONDecoder().decode(Accepted.self, from: Data(command.body.readableBytesView)).position
                        else { return false }
                        guard try await results.read(client, "stock/\(sku)?minPosition=\(position)") else { return false }
                        let visible = ContinuousClock.now
                        results.dueToVisible.record(visible - due)
                        results.acceptedToVisible.record(visible - accepted)
                        return true
                    }
                }
            }
        }
        let answered = ContinuousClock.now - start
        let cpu = CPUTimes(postmaster: postmaster, server: server).perCommand(since: cpuBefore, commands: total)
        let report = results.report(scheduled: total, rate: rate, start: start, answered: answered, cpu: cpu)
        let stages = PipelineStage.report().map { "\n" + $0 } ?? ""
        return (report + stages, results.step(scheduled: total, rate: rate, start: start))
    }
}

/// The part of a command's answer the benchmark needs.
private struct Accepted: Decodable {
    var position: Int64
}

/// CPU seconds so far of Nexus (`server`, else this process), of the local PostgreSQL server and
/// of this load generator when it drives a `server` elsewhere (nil when unknown).
private struct CPUTimes {
    var nexus: Double?
    var postgres: Double?
    var generator: Double?
    var server: Int32?

    init(postmaster: Int32?, server: Int32?) {
        nexus = if let server { ProcessCPU.treeSeconds(of: server) } else { ProcessCPU.ownSeconds() }
        postgres = postmaster.flatMap(ProcessCPU.treeSeconds(of:))
        generator = server == nil ? nil : ProcessCPU.ownSeconds()
        self.server = server
    }

    /// `CPU per command  nexus process 1160 µs …, PostgreSQL 630 µs` since `before`.
    func perCommand(since before: CPUTimes, commands: Int) -> String {
        func micros(_ after: Double?, _ before: Double?) -> String {
            guard let after, let before, commands > 0 else { return "n/a" }
            return String(format: "%.0f µs", (after - before) / Double(commands) * 1_000_000)
        }
        let nexusProcess = server.map { "nexus process (pid \($0))" } ?? "nexus process"
        let within = server == nil ? " (server, relay, workers, broker and this load generator)" : ""
        // On a shared machine the generator's own CPU is taken from the same cores.
        let generatorShare = server == nil ? "" : ", this load generator \(micros(generator, before.generator))"
        return "CPU per command      \(nexusProcess) \(micros(nexus, before.nexus))\(within), PostgreSQL \(micros(postgres, before.postgres))"
            + generatorShare
    }
}
