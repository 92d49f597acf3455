import HTTPTypes
import Hummingbird

extension QueryAPI {
    /// The header a reconnecting Server-Sent Events client sends: the last position it received.
    static let lastEventID = HTTPField.Name("Last-Event-ID")!

    func registerLiveFeed(on builder: APIBuilder) {
        var doc = RouteDoc(
            .get, "/events/live",
            summary: "The event log live, in commit order, as Server-Sent Events (id = position, event = type, data = the event as /events shows it)",
            tag: "history", access: "auditor or admin", success: (200, ["type": "string"]), errors: [400, 401, 403, 429])
        doc.successContentTypes = ["text/event-stream"]
        doc.queryParameters = [
            .integer("after", in: Self.positions,
                     "Send events after this position (default 0); a `Last-Event-ID` header (what EventSource sends on reconnecting) wins over it"),
            .text("category", maxLength: LiveFeedFilter.maxLength, "Only events of streams of this category (`product` for `product-SKU1`)"),
            .text("type", maxLength: LiveFeedFilter.maxLength, "Only events of this type (`ProductCreated`)"),
        ]
        builder.add(doc) { request, context in
            let principal = try context.require(.auditor, .admin)
            var parameters = QueryParameters(request)
            var after = parameters.integer("after", in: Self.positions) ?? 0
            var filter = LiveFeedFilter()
            for name in ["category", "type"] {
                guard let value = parameters.text(name, maxLength: LiveFeedFilter.maxLength) else { continue }
                guard LiveFeedFilter.isName(value) else {
                    parameters.invalid(name, "must be ASCII letters, digits, '.' or '_'")
                    continue
                }
                if name == "category" { filter.category = value } else { filter.type = value }
            }
            if let header = request.headers[Self.lastEventID] {
                if let position = Int64(header), Self.positions.contains(position), header.utf8.allSatisfy({ (48...57).contains($0) }) {
                    after = position
                } else {
                    parameters.invalid(Self.lastEventID.rawName, "must be a position this feed sent (an integer of 0 or more)")
                }
            }
            try parameters.check()
            let slot = try liveConnections.open(for: principal.userId)
            return Response(
                status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store", Self.accelBuffering: "no"],
                body: liveFeed.body(for: request, after: after, filter: filter, slot: slot))
        }
    }

    /// Asks proxies (nginx) not to buffer the stream.
    private static let accelBuffering = HTTPField.Name("X-Accel-Buffering")!
}
