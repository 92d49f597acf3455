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
        #expect(lines.contains("visible in read model 40, failed 0"))
        for measure in ["due → on the wire", "command round trip", "due → visible", "accepted → visible"] {
            #expect(lines.contains { $0.hasPrefix(measure) && $0.contains(" p50 ") && $0.contains(" p99 ") && $0.contains(" p99.9 ") }, "\(measure)")
        }
        // The test cluster runs on this machine, so its CPU time is found through /proc.
        let cpu = try #require(lines.first { $0.hasPrefix("CPU per command") })
        #expect(!cpu.contains("n/a"), "\(cpu)")
    }
}
