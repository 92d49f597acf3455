import EventStore
import Foundation
import NexusEvents
package import Privacy

/// `nexus bench privacy`: what sealing costs readers. Users' events pass the vault's exit step
/// (personal fields opened, or left sealed for Kafka) on every way out of the store; the
/// reference is the decoding every reader does anyway, on the same events, in the same run.
package enum PrivacyBenchmark {
    /// Median events/s of plain decoding, of the revealing exit and of the sealed exit.
    package struct Rates: Sendable {
        var decode: Double
        var reveal: Double
        var sealed: Double
    }

    /// Seals the names of `persons` persons in `vault`, then measures `repeats` interleaved
    /// rounds over `events` user events.
    package static func measure(vault: PersonalDataVault, persons: Int, events: Int, repeats: Int, progress: (String) -> Void) async throws -> Rates {
        progress("bench privacy: sealing names of \(persons) persons…")
        var sealed: [(UUID, String)] = []
        for _ in 0..<persons {
            let subject = UUID()
            sealed.append((subject, try await vault.seal("Person \(subject.uuidString.prefix(8))", for: subject)))
        }
        let recorded = try (0..<events).map { index in
            let (subject, name) = sealed[index % sealed.count]
            return RecordedEvent(
                id: UUID(), stream: try StreamName("user-\(subject.uuidString.lowercased())"), version: Int64(index / sealed.count + 1),
                position: Int64(index + 1), type: UserProfileUpdated.eventType, schemaVersion: UserProfileUpdated.schemaVersion,
                data: Data(#"{"name":"\#(name)","userId":"\#(subject.uuidString.lowercased())"}"#.utf8), metadata: EventMetadata(),
                recordedAt: Date(), hash: nil)
        }
        let pages = stride(from: 0, to: recorded.count, by: 1000).map { Array(recorded[$0..<min($0 + 1000, recorded.count)]) }
        var decode: [Double] = [], reveal: [Double] = [], publish: [Double] = []
        for round in 1...repeats {
            progress("bench privacy: round \(round) of \(repeats)…")
            decode.append(try await rate(events) {
                for page in pages {
                    for event in page { _ = try NexusEvent.decode(eventType: event.type, schemaVersion: event.schemaVersion, data: event.data) }
                }
            })
            reveal.append(try await rate(events) { for page in pages { _ = try await vault.exit(page, mode: .revealed) } })
            publish.append(try await rate(events) { for page in pages { _ = try await vault.exit(page, mode: .sealed) } })
        }
        return Rates(decode: decode.median, reveal: reveal.median, sealed: publish.median)
    }

    /// The result line under its header.
    package static func report(events: Int, _ rates: Rates) -> String {
        "events   decode events/s  reveal events/s  ratio  sealed-exit events/s  ratio\n"
            + String(events).padding(toLength: 9, withPad: " ", startingAt: 0)
            + String(
                format: "%15.0f  %15.0f  %5.2fx  %20.0f  %5.2fx",
                rates.decode, rates.reveal, rates.reveal / rates.decode, rates.sealed, rates.sealed / rates.decode)
    }

    static func rate(_ count: Int, _ body: () async throws -> Void) async throws -> Double {
        let start = ContinuousClock.now
        try await body()
        return Double(count) / (ContinuousClock.now - start).seconds
    }
}
