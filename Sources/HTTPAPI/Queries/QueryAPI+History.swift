import EventStore
import Hummingbird

extension QueryAPI {
    static let auditors = "auditor or admin"

    func registerHistoryRoutes(on builder: APIBuilder) {
        builder.add(RouteDoc(
            .get, "/streams/{stream}/events", summary: "A stream's events from version `from` (default 1), at most `limit`",
            tag: "history", access: Self.auditors, success: (200, Self.schema(EventPage.self)), errors: Self.singleErrors
        )) { request, context in
            _ = try context.require(.auditor, .admin)
            let text = try Self.parameter("stream", context)
            var parameters = QueryParameters(request)
            let from = parameters.integer("from", in: 1...Int64.max) ?? 1
            let limit = parameters.limit(max: configuration.maxHistoryLimit, fallback: configuration.maxHistoryLimit)
            guard let stream = try? StreamName(text) else {
                throw Problem.invalidQuery(parameters.errors + [.init(field: "stream", code: "invalid", message: "is not a stream name such as product-SKU1")])
            }
            try parameters.check()
            let events = try await history { () async throws(EventStoreError) in try await store.readStream(stream, from: from, limit: limit) }
            if events.isEmpty, from == 1 { throw Problem.notFound("stream \(stream.rawValue) has no events") }
            return CommandAPI.json(EventPage(events: events.map(EventResponse.init), next: (events.last?.version ?? from - 1) + 1))
        }
        builder.add(RouteDoc(
            .get, "/events", summary: "The global log after position `after` (default 0), in commit order, at most `limit`",
            tag: "history", access: Self.auditors, success: (200, Self.schema(EventPage.self)), errors: Self.readErrors
        )) { request, context in
            _ = try context.require(.auditor, .admin)
            var parameters = QueryParameters(request)
            let after = parameters.integer("after", in: 0...Int64.max) ?? 0
            let limit = parameters.limit(max: configuration.maxHistoryLimit, fallback: configuration.maxHistoryLimit)
            try parameters.check()
            let events = try await history { () async throws(EventStoreError) in try await store.readAll(after: after, limit: limit) }
            return CommandAPI.json(EventPage(events: events.map(EventResponse.init), next: events.last?.position ?? after))
        }
    }

    /// Runs a store read, turning its failure into a problem.
    private func history(_ read: () async throws(EventStoreError) -> [RecordedEvent]) async throws(Problem) -> [RecordedEvent] {
        do {
            return try await read()
        } catch {
            throw Problem(storeError: error)
        }
    }
}
