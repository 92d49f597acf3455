import Foundation
import NexusTestSupport
import Testing

@Suite("nexus bench")
struct BenchCommandTests {
    @Test("bench e2e times each command from its due time and reports p99.9, the send rate and the CPU per command")
    func e2eOpenLoop() async throws {
        let database = try await TestDatabase.create(prefix: "cli_bench_e2e")
        let result = try await NexusBinary.run(
            ["bench", "e2e", "--rate", "20", "--seconds", "2", "--port", "\(Int.random(in: 20_000...60_000))"],
            databaseURL: database.url, environment: ["NEXUS_KAFKA_BOOTSTRAP": "embedded"])
        #expect(result.status == 0, "\(result.stderr.suffix(2000))")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("commands scheduled   40 at 20/s") && $0.contains("on the wire 40") })
        #expect(lines.contains { $0.hasPrefix("visible in read model 40, failed 0;") })
        for measure in ["due → on the wire", "command round trip", "due → visible", "accepted → visible"] {
            #expect(lines.contains { $0.hasPrefix(measure) && $0.contains(" p50 ") && $0.contains(" p99 ") && $0.contains(" p99.9 ") }, "\(measure)")
        }
        // The test cluster runs on this machine, so its CPU time is found through /proc.
        let cpu = try #require(lines.first { $0.hasPrefix("CPU per command") })
        #expect(!cpu.contains("n/a"), "\(cpu)")
    }

    @Test("bench e2e --url drives a Nexus running in another process and reports that process's CPU per command")
    func e2eAgainstURL() async throws {
        let database = try await TestDatabase.create(prefix: "cli_bench_e2e_url")
        let port = TestPorts.unused()
        // Another binary's in-process benchmark server (its own load: one command a second).
        let server = try ChildProcess(
            arguments: ["bench", "e2e", "--rate", "1", "--seconds", "300", "--port", "\(port)", "--database-url", database.url],
            environment: ["NEXUS_KAFKA_BOOTSTRAP": "embedded"])
        _ = try await server.line(containing: "receipts/s for 300s")
        let result = try await NexusBinary.run(
            ["bench", "e2e", "--url", "http://127.0.0.1:\(port)", "--server-pid", "\(server.processIdentifier)", "--rate", "20", "--seconds", "2"],
            databaseURL: database.url)
        _ = await server.stop(signal: SIGKILL)
        #expect(result.status == 0, "\(result.stderr.suffix(2000))")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("commands scheduled   40 at 20/s") && $0.contains("on the wire 40") })
        #expect(lines.contains { $0.hasPrefix("visible in read model 40, failed 0;") })
        let cpu = try #require(lines.first { $0.hasPrefix("CPU per command") })
        #expect(cpu.contains("nexus process (pid \(server.processIdentifier)) "), "\(cpu)")
        #expect(!cpu.contains("n/a") && !cpu.contains("and this load generator"), "\(cpu)")
        #expect(cpu.contains(", this load generator ") && cpu.hasSuffix(" µs"), "\(cpu)")
    }

    @Test("bench e2e refuses a --url that is not an http(s) base URL and --server-pid without --url", arguments: [
        ["--url", "ftp://127.0.0.1:1"], ["--url", "not a url"], ["--server-pid", "1"],
    ])
    func e2eRefusedOptions(_ options: [String]) async throws {
        let result = try await NexusBinary.run(["bench", "e2e"] + options)
        #expect(result.status != 0)
        #expect(result.stderr.contains("--url") || result.stderr.contains("--server-pid"), "\(result.stderr)")
    }

    @Test("bench e2e --rates steps through the rates, each step with the pipeline's per-stage latencies, then a summary")
    func e2eRateSteps() async throws {
        let database = try await TestDatabase.create(prefix: "cli_bench_e2e_steps")
        let result = try await NexusBinary.run(
            ["bench", "e2e", "--rates", "10,20", "--seconds", "2", "--port", "\(TestPorts.unused())"],
            databaseURL: database.url, environment: ["NEXUS_KAFKA_BOOTSTRAP": "embedded"])
        #expect(result.status == 0, "\(result.stderr.suffix(2000))")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("commands scheduled   20 at 10/s") })
        #expect(lines.contains { $0.hasPrefix("rate steps") })
        // A loaded machine may already find the first step saturated; then the steps stop there.
        let steps = lines.contains { $0.hasPrefix("saturated at 10/s") } ? 1 : 2
        if steps == 2 {
            #expect(lines.contains { $0.hasPrefix("commands scheduled   40 at 20/s") })
            #expect(lines.contains { $0.hasPrefix("no step saturated") || $0.hasPrefix("saturated at 20/s") })
        }
        // The events of each step pass the relay, the broker and the stock worker, and are counted there.
        for stage in ["append → relay read", "relay → broker ack", "produced → worker", "worker → committed"] {
            let stageLines = lines.filter { $0.hasPrefix("  \(stage)") }
            #expect(stageLines.count == steps, "\(stage)")
            #expect(stageLines.allSatisfy { $0.contains(" p99 ") && $0.contains(" events;") && !$0.contains("(0 events;") }, "\(stageLines)")
        }
        #expect(lines.filter { $0.hasPrefix("  commit → answer") }.count == steps)
    }

    @Test("bench e2e refuses a rate step outside 1...20000")
    func e2eRateStepsRefused() async throws {
        let result = try await NexusBinary.run(["bench", "e2e", "--rates", "10,0"], databaseURL: "postgres://nexus@127.0.0.1:1/none", environment: [:])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--rates must be"), "\(result.stderr.suffix(500))")
    }

    @Test("bench relay runs its warm-up rounds first, leaves them out of the result, and refuses more than five")
    func relayWarmUp() async throws {
        let database = try await TestDatabase.create(prefix: "cli_bench_relay")
        let result = try await NexusBinary.run(
            ["bench", "relay", "--events", "1000", "--rounds", "2", "--warm-up-rounds", "1"],
            databaseURL: database.url, environment: ["NEXUS_KAFKA_BOOTSTRAP": "embedded"])
        #expect(result.status == 0, "\(result.stderr.suffix(2000))")
        #expect(result.stderr.contains("warm-up round 1 of 1"), "\(result.stderr.suffix(2000))")
        let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("1000 ") })
        // Two measured rounds: two ratios in the parentheses, the warm-up's not among them.
        let rounds = try #require(line.split(separator: "(").last).dropLast().split(separator: " ")
        #expect(rounds.count == 2, "\(line)")
        let refused = try await NexusBinary.run(["bench", "relay", "--warm-up-rounds", "6"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--warm-up-rounds"), "\(refused.stderr)")
    }
}
