import EventStore
import Foundation

/// Decides, for one batch of append requests, which are written, which replay an earlier
/// result and which conflict, and collects the rows to insert.
///
/// Requests are decided in queue order against the stream versions read for the batch, each
/// one seeing the versions left by the requests before it, exactly as if they had been
/// committed one after the other.
struct AppendPlan {
    /// The events to insert, column by column (for `unnest`).
    struct Rows {
        var ids: [UUID] = []
        var streams: [String] = []
        var versions: [Int64] = []
        var types: [String] = []
        var schemaVersions: [Int32] = []
        var data: [String] = []
        var metadata: [String] = []
        /// True when a stream has more than one event in the batch (its hashes chain within the batch).
        var hasRepeatedStreams = false

        var count: Int { ids.count }
        var isEmpty: Bool { ids.isEmpty }
    }

    /// The idempotency keys of the written requests and, for each, the stream versions it
    /// wrote as JSON (`{"streams":[{"stream":…,"version":…}]}`, see ``RecordedResults``) and
    /// its request fingerprint (`""` for none).
    struct KeyRecords {
        var keys: [String] = []
        var results: [String] = []
        var fingerprints: [String] = []
    }

    private enum Decision {
        case write([(stream: String, version: Int64, lastEventId: UUID)])
        case replay(AppendResult)
        case sameAs(Int)
        case fail(EventStoreError)
    }

    private(set) var rows = Rows()
    private(set) var idempotencyKeys = KeyRecords()
    private var decisions: [Decision] = []
    private var earlierResults: [String: AppendResult]
    private var versions: [String: Int64]
    /// For each key written by this batch: the decision that writes it and its request's fingerprint.
    private var writerOfKey: [String: (decision: Int, fingerprint: String?)] = [:]
    private var streamsWritten: Set<String> = []

    init(earlierResults: [String: AppendResult], versions: [String: Int64]) {
        self.earlierResults = earlierResults
        self.versions = versions
    }

    /// The stream versions the requests expect, when every request expects an exact version
    /// or no stream (for each stream, what its first request in the batch expects); nil when
    /// some request needs the current version read (`any`, `streamExists`).
    static func expectedVersions(of requests: [AppendRequest]) -> [String: Int64]? {
        var versions: [String: Int64] = [:]
        for request in requests {
            for append in request.streams {
                let expected: Int64
                switch append.expectedVersion {
                case .exact(let version): expected = version
                case .noStream: expected = 0
                case .any, .streamExists: return nil
                }
                if versions[append.stream.rawValue] == nil {
                    versions[append.stream.rawValue] = expected
                }
            }
        }
        return versions
    }

    mutating func add(_ request: AppendRequest) {
        if let key = request.idempotencyKey {
            if let earlier = earlierResults[key] {
                switch request.replaying(earlier) {
                case .success(let replay): decisions.append(.replay(replay))
                case .failure(let error): decisions.append(.fail(error))
                }
                return
            }
            if let writer = writerOfKey[key] {
                decisions.append(request.keyReuseError(recordedFingerprint: writer.fingerprint).map(Decision.fail) ?? .sameAs(writer.decision))
                return
            }
        }
        let conflicts = request.streams.compactMap { append -> EventStoreError.VersionConflict? in
            let actual = versions[append.stream.rawValue] ?? 0
            guard !append.expectedVersion.isSatisfied(byCurrentVersion: actual) else { return nil }
            return .init(stream: append.stream.rawValue, expected: append.expectedVersion, actual: actual)
        }
        guard conflicts.isEmpty else {
            decisions.append(.fail(EventStoreError(.wrongExpectedVersion, "stream version does not match the expected version", conflicts: conflicts)))
            return
        }
        var written: [(stream: String, version: Int64, lastEventId: UUID)] = []
        for append in request.streams {
            let stream = append.stream.rawValue
            var version = versions[stream] ?? 0
            if !streamsWritten.insert(stream).inserted || append.events.count > 1 {
                rows.hasRepeatedStreams = true
            }
            for event in append.events {
                version += 1
                var metadata = event.metadata
                metadata.idempotencyKey = request.idempotencyKey
                rows.ids.append(event.id)
                rows.streams.append(stream)
                rows.versions.append(version)
                rows.types.append(event.type)
                rows.schemaVersions.append(Int32(event.schemaVersion))
                rows.data.append(String(decoding: event.data, as: UTF8.self))
                rows.metadata.append(metadata.jsonText)
            }
            versions[stream] = version
            written.append((stream, version, append.events[append.events.count - 1].id))
        }
        if let key = request.idempotencyKey {
            writerOfKey[key] = (decisions.count, request.requestFingerprint)
            let streams = written.map { #"{"stream":"# + EventMetadata.quoted($0.stream) + #","version":\#($0.version)}"# }
            idempotencyKeys.keys.append(key)
            idempotencyKeys.results.append(#"{"streams":["# + streams.joined(separator: ",") + "]}")
            idempotencyKeys.fingerprints.append(request.requestFingerprint ?? "")
        }
        decisions.append(.write(written))
    }

    /// Each request's result, given the positions the database assigned to the inserted events.
    func outcomes(positions: [UUID: Int64]) -> [Result<AppendResult, EventStoreError>] {
        var results: [Result<AppendResult, EventStoreError>] = []
        for decision in decisions {
            switch decision {
            case .write(let streams):
                let perStream = streams.map {
                    StreamAppendResult(stream: $0.stream, version: $0.version, position: positions[$0.lastEventId] ?? 0)
                }
                results.append(.success(AppendResult(streams: perStream, position: perStream.map(\.position).max() ?? 0)))
            case .replay(let result):
                results.append(.success(result))
            case .sameAs(let writer):
                results.append(results[writer].map { var replay = $0; replay.isReplay = true; return replay })
            case .fail(let error):
                results.append(.failure(error))
            }
        }
        return results
    }
}
