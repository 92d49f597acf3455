import Foundation
import Synchronization

/// `nexus bench e2e`: at a steady command rate, the time from a command's response to the same
/// change being visible in the read model (through relay, Kafka and a projection worker).
package enum E2EBenchmark {
    /// Open loop: every 1/rate seconds a stock receipt is sent; once accepted, the stock query
    /// with `minPosition` of that command measures when the read model shows it.
    package static func drive(client: BenchHTTPClient, skus: [String], rate: Int, seconds: Int) async throws -> String {
        let results = E2EResults()
        let interval = Duration.nanoseconds(1_000_000_000 / rate)
        let start = ContinuousClock.now
        let total = rate * seconds
        await withDiscardingTaskGroup { group in
            for index in 0..<total {
                let due = start + interval * index
                if due > ContinuousClock.now { try? await Task.sleep(until: due) }
                group.addTask {
                    do {
                        let sku = skus[index % skus.count]
                        let sent = ContinuousClock.now
                        results.sent()
                        let command = try await client.send(.POST, "inventory/\(sku)/receipts", json: #"{"quantity":1}"#)
                        let accepted = ContinuousClock.now
                        guard command.isSuccess, let position = try? JSONDecoder().decode(Accepted.self, from: Data(command.body.readableBytesView)).position else {
                            results.fail()
                            return
                        }
                        let read = try await client.send(.GET, "stock/\(sku)?minPosition=\(position)")
                        guard read.isSuccess else { results.fail(); return }
                        results.record(command: (accepted - sent).seconds * 1000, visible: (ContinuousClock.now - accepted).seconds * 1000)
                    } catch {
                        results.fail()
                    }
                }
            }
        }
        let elapsed = (ContinuousClock.now - start).seconds
        let sending = results.sendingTime(since: start)
        let visible = results.sorted(\.visible)
        let command = results.sorted(\.command)
        func ms(_ sorted: [Double], _ p: Double) -> String {
            String(format: "%.1f", sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))])
        }
        return """
            commands sent        \(total) in \(String(format: "%.1f", sending)) s (\(String(format: "%.0f", Double(total) / sending))/s achieved), all answered in \(String(format: "%.1f", elapsed)) s
            visible in read model \(visible.count), failed \(results.failures)
            command round trip   p50 \(ms(command, 0.5)) ms   p99 \(ms(command, 0.99)) ms
            accepted → visible   p50 \(ms(visible, 0.5)) ms   p99 \(ms(visible, 0.99)) ms   max \(ms(visible, 1)) ms
            """
    }
}

/// The part of a command's answer the benchmark needs.
private struct Accepted: Decodable {
    var position: Int64
}

/// Latencies and failures collected by the e2e load tasks.
private final class E2EResults: Sendable {
    struct Sample {
        var command: Double
        var visible: Double
    }

    private let samples = Mutex<[Sample]>([])
    private let failed = Atomic<Int>(0)
    private let lastSent = Mutex<ContinuousClock.Instant?>(nil)

    func sent() { lastSent.withLock { $0 = .now } }
    func record(command: Double, visible: Double) { samples.withLock { $0.append(Sample(command: command, visible: visible)) } }
    func fail() { failed.add(1, ordering: .relaxed) }
    var failures: Int { failed.load(ordering: .relaxed) }
    func sorted(_ latency: KeyPath<Sample, Double>) -> [Double] { samples.withLock { $0.map { $0[keyPath: latency] } }.sorted() }
    /// Seconds from `start` to the last command sent.
    func sendingTime(since start: ContinuousClock.Instant) -> Double { ((lastSent.withLock { $0 } ?? start) - start).seconds }
}
