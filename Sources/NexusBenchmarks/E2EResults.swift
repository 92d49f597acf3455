import Foundation
import Synchronization

/// Latencies, sends and failures collected by the e2e load tasks.
package final class E2EResults: Sendable {
    let dueToWire = LatencyHistogram()
    let commandRoundTrip = LatencyHistogram()
    let dueToVisible = LatencyHistogram()
    let acceptedToVisible = LatencyHistogram()
    private let failed = Atomic<Int>(0)
    private let askedAgain = Atomic<Int>(0)
    private let lastSent = Mutex<ContinuousClock.Instant?>(nil)

    /// Runs one command's `body`; counts it as failed when it returns false or throws.
    func run(_ body: () async throws -> Bool) async {
        let succeeded = (try? await body()) ?? false
        if !succeeded { failed.add(1, ordering: .relaxed) }
    }

    /// Reads `path` (a read with `minPosition`) until it succeeds. A 503 is the server's "not
    /// there yet" once its wait limit passed (under load the read model can lag further behind),
    /// so it is asked again, as a client would, at most ``readAttempts`` times; the time to
    /// visible then includes every attempt. False for any other answer.
    func read(_ client: BenchHTTPClient, _ path: String) async throws -> Bool {
        try await read { try await client.send(.GET, path).status }
    }

    /// ``read(_:_:)`` with the request as `status`, which answers one attempt's HTTP status.
    package func read(status: () async throws -> Int) async throws -> Bool {
        var attempt = 1
        while true {
            let answer = try await status()
            guard answer == 503, attempt < Self.readAttempts else { return (200..<300).contains(answer) }
            askedAgain.add(1, ordering: .relaxed)
            attempt += 1
        }
    }

    /// How many times one read is asked before the command counts as failed.
    package static let readAttempts = 10

    /// How many reads were asked again after a 503.
    package var readsAskedAgain: Int { askedAgain.load(ordering: .relaxed) }

    package init() {}

    /// A command due at `due` was handed to the socket at `sent`.
    func onWire(due: ContinuousClock.Instant, sent: ContinuousClock.Instant) {
        dueToWire.record(sent - due)
        lastSent.withLock { $0 = max($0 ?? sent, sent) }
    }

    /// The step's figures for the summary of a stepped run.
    func step(scheduled: Int, rate: Int, start: ContinuousClock.Instant) -> E2EStep {
        E2EStep(
            rate: rate, sentPerSecond: sentPerSecond(start: start, rate: rate), scheduled: scheduled, visible: dueToVisible.count,
            visibleP50: dueToVisible.milliseconds(atPercentile: 50), visibleP99: dueToVisible.milliseconds(atPercentile: 99))
    }

    /// Requests on the wire over the time from the first due time to the last send.
    private func sentPerSecond(start: ContinuousClock.Instant, rate: Int) -> Double {
        let sending = ((lastSent.withLock { $0 } ?? start) - start).seconds
        return Double(max(dueToWire.count - 1, 0)) / max(sending, 1.0 / Double(rate))
    }

    func report(scheduled: Int, rate: Int, start: ContinuousClock.Instant, answered: Duration, cpu: String) -> String {
        let onWire = dueToWire.count
        let sending = ((lastSent.withLock { $0 } ?? start) - start).seconds
        let scheduledSpan = Double(scheduled - 1) / Double(rate)
        func seconds(_ value: Double) -> String { String(format: "%.1f s", value) }
        return """
            commands scheduled   \(scheduled) at \(rate)/s over \(seconds(scheduledSpan)); on the wire \(onWire), the last \(seconds(sending)) after the first was due: \
            \(String(format: "%.0f", sentPerSecond(start: start, rate: rate)))/s sent; all answered after \(seconds(answered.seconds))
            visible in read model \(dueToVisible.count), failed \(failed.load(ordering: .relaxed)); reads asked again after a 503 \(askedAgain.load(ordering: .relaxed))
            due → on the wire    \(dueToWire.summary())
            command round trip   \(commandRoundTrip.summary())   (from the due time)
            due → visible        \(dueToVisible.summary())
            accepted → visible   \(acceptedToVisible.summary())   (from the command's answer, as measured before: leaves out any wait before it)
            \(cpu)
            """
    }
}
