import EventStore
import Hummingbird

extension QueryAPI {
    func registerHistoryRoutes(on builder: APIBuilder) {
        builder.add(.history(
            "/streams/{stream}/events", "A stream's events in version order, with their hashes",
            schema: Self.schema(EventPage.self), parameters: [
                .integer("from", in: Self.versions, "The first version to return (default 1)"),
                historyLimit,
            ], errors: [400, 401, 403, 404, 429, 503]
        )) { request, context in
            _ = try context.require(.auditor, .admin)
            let text = try Self.parameter("stream", context)
            var parameters = QueryParameters(request)
            let from = parameters.integer("from", in: Self.versions) ?? 1
            let limit = parameters.limit(max: configuration.maxHistoryLimit, fallback: configuration.maxHistoryLimit)
            guard let stream = try? StreamName(text) else {
                throw Problem.invalidQuery(parameters.errors + [.init(field: "stream", code: "invalid", message: "is not a stream name such as product-SKU1")])
            }
            try parameters.check()
            let events = try await history { () async throws(EventStoreError) in try await store.readStream(stream, from: from, limit: limit) }
            if events.isEmpty, from == 1 { throw Problem.notFound("stream \(stream.rawValue) has no events") }
            return try CommandAPI.json(EventPage(events: events.map(EventResponse.init), next: (events.last?.version ?? from - 1) + 1))
        }
        builder.add(.history(
            "/events", "The global event log in commit order, with hashes",
            schema: Self.schema(EventPage.self), parameters: [
                .integer("after", in: Self.positions, "Return events after this position (default 0); pass the previous page's `next`"),
                historyLimit,
            ], errors: [400, 401, 403, 429, 503]
        )) { request, context in
            _ = try context.require(.auditor, .admin)
            var parameters = QueryParameters(request)
            let after = parameters.integer("after", in: Self.positions) ?? 0
            let limit = parameters.limit(max: configuration.maxHistoryLimit, fallback: configuration.maxHistoryLimit)
            try parameters.check()
            let events = try await history { () async throws(EventStoreError) in try await store.readAll(after: after, limit: limit) }
            return try CommandAPI.json(EventPage(events: events.map(EventResponse.init), next: events.last?.position ?? after))
        }
    }

    /// `limit` of a history page.
    private var historyLimit: QueryParameterDoc {
        .integer("limit", in: 1...Int64(configuration.maxHistoryLimit),
                 "At most this many events, 1 to \(configuration.maxHistoryLimit) (default \(configuration.maxHistoryLimit))")
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
