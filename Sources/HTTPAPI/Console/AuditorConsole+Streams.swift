import EventStore
import Foundation
import Hummingbird
import NexusDomain
import NexusEvents

extension AuditorConsole {
    /// `GET /console` (categories, open a stream, verify everything), `GET /console/streams`
    /// (a category's streams), `GET /console/stream` (a stream's events with their chain check)
    /// and `GET /console/event` (one event's JSON, as `/streams/{stream}/events` shows it).
    func registerStreams(on builder: APIBuilder, access: ConsoleAccess) {
        builder.addPage(.get, ConsolePage.prefix) { request, _ in
            try await access.page(request) { user in
                var values = user.values(title: "Streams")
                values["categories"] = AggregateReplay.categories
                values["maxStream"] = StreamName.maximumLength
                return ConsolePage.render("home", values)
            }
        }
        builder.addPage(.get, "\(ConsolePage.prefix)/streams", parameters: ["category", "after"]) { request, _ in
            try await access.page(request) { user in
                var parameters = QueryParameters(request)
                let category = parameters.text("category", maxLength: LiveFeedFilter.maxLength)
                if category == nil { parameters.missing("category") }
                if let category, !LiveFeedFilter.isName(category) { parameters.invalid("category", "must be ASCII letters, digits, '.' or '_'") }
                let after = parameters.text("after", maxLength: StreamName.maximumLength) ?? ""
                try parameters.check()
                let page = try await store.streams(category: category ?? "", after: after, limit: configuration.streamsPerPage)
                var values = user.values(title: "Streams of \(category ?? "")")
                values["category"] = category
                values["after"] = after.isEmpty ? nil : after
                values["streams"] = page.map { summary -> [String: Any] in
                    ["stream": summary.stream, "version": summary.version, "lastPosition": summary.lastPosition,
                     "lastRecordedAt": EventJSON.format(summary.lastRecordedAt)]
                }
                if page.count == configuration.streamsPerPage { values["next"] = page.last?.stream }
                return ConsolePage.render("streams", values)
            }
        }
        builder.addPage(.get, "\(ConsolePage.prefix)/stream", parameters: ["name", "from"]) { request, _ in
            try await access.page(request) { user in
                var parameters = QueryParameters(request)
                let stream = Self.streamName(&parameters)
                let from = parameters.integer("from", in: QueryAPI.versions) ?? 1
                try parameters.check()
                guard let stream else { throw Problem.notFound("no stream") }
                let events = try await readStream(stream, from: from, limit: configuration.eventsPerPage)
                if events.isEmpty, from == 1 { throw Problem.notFound("stream \(stream.rawValue) has no events") }
                let links = try await store.chainLinks(of: stream, from: from, limit: configuration.eventsPerPage)
                var values = user.values(title: stream.rawValue)
                values["stream"] = stream.rawValue
                values["lastPosition"] = events.last?.position ?? 0
                values["events"] = events.map { event -> [String: Any] in
                    let hash = event.hash ?? ""
                    return [
                        "stream": stream.rawValue, "position": event.position, "version": event.version, "type": event.type,
                        "recordedAt": EventJSON.format(event.recordedAt), "actor": event.metadata.actor ?? "",
                        "hash": hash, "shortHash": String(hash.prefix(12)), "intact": links[event.version] ?? false,
                    ]
                }
                if from > 1 { values["previous"] = max(1, from - Int64(configuration.eventsPerPage)) }
                if events.count == configuration.eventsPerPage, let last = events.last { values["next"] = last.version + 1 }
                return ConsolePage.render("stream", values)
            }
        }
        builder.addPage(.get, "\(ConsolePage.prefix)/event", parameters: ["name", "version"]) { request, _ in
            try await access.page(request) { user in
                var parameters = QueryParameters(request)
                let stream = Self.streamName(&parameters)
                let version = parameters.integer("version", in: QueryAPI.versions)
                if version == nil { parameters.missing("version") }
                try parameters.check()
                guard let stream, let version, let event = try await readStream(stream, from: version, limit: 1).first, event.version == version else {
                    throw Problem.notFound("the stream has no such version")
                }
                var values = user.values(title: "\(stream.rawValue) version \(version)")
                values["stream"] = stream.rawValue
                values["version"] = version
                values["json"] = try Self.prettyJSON(EventResponse(event))
                return ConsolePage.render("event", values)
            }
        }
    }

    /// The required `name` parameter as a stream name (400 when absent or not a stream name).
    static func streamName(_ parameters: inout QueryParameters) -> StreamName? {
        guard let text = parameters.text("name", maxLength: StreamName.maximumLength) else {
            parameters.missing("name")
            return nil
        }
        guard let stream = try? StreamName(text) else {
            parameters.invalid("name", "is not a stream name such as product-SKU1")
            return nil
        }
        return stream
    }

    /// A stream's events as the history routes show them (personal data revealed or marked erased).
    func readStream(_ stream: StreamName, from version: Int64, limit: Int) async throws -> [RecordedEvent] {
        do {
            return try await queries.store.readStream(stream, from: version, limit: limit)
        } catch {
            throw Problem(storeError: error)
        }
    }

    /// `value` as indented JSON with sorted keys, as the API encodes it.
    static func prettyJSON(_ value: some Encodable) throws -> String {
        let compact = try CommandAPI.encode(value)
        let object = try JSONSerialization.jsonObject(with: compact)
        let pretty = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: pretty, as: UTF8.self)
    }
}
