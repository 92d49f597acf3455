import EventStore
import Foundation
import HTTPTypes
import Hummingbird

extension QueryAPI {
    /// The header a reconnecting Server-Sent Events client sends: the last position it received.
    static let lastEventID = HTTPField.Name("Last-Event-ID")!
    /// The path of the feed as Server-Sent Events.
    static let liveFeedPath = "/events/live"
    /// The path of the feed over a WebSocket.
    static let liveFeedWebSocketPath = "/events/live/ws"

    func registerLiveFeed(on builder: APIBuilder) {
        var doc = RouteDoc(
            .get, Self.liveFeedPath,
            summary: "The event log live, in commit order, as Server-Sent Events (id = position, event = type, data = the event as /events shows it)",
            tag: "history", access: "auditor or admin", success: (200, ["type": "string"]), errors: [400, 401, 403, 429])
        doc.successContentTypes = ["text/event-stream"]
        doc.queryParameters = Self.liveFeedParameters(
            after: "Send events after this position (default 0); a `Last-Event-ID` header (what EventSource sends on reconnecting) wins over it")
        builder.add(doc) { request, context in try liveFeedResponse(request, context) }

        var webSocket = RouteDoc(
            .get, Self.liveFeedWebSocketPath,
            summary: "The same live feed over a WebSocket: send `Connection: Upgrade`, `Upgrade: websocket` (RFC 6455) with the bearer token; "
                + "each event is one text message holding the event as /events shows it; the server ends the feed with a close frame "
                + "whose reason is {\"lastEventId\",\"reason\"}. Connections count against the same limits as /events/live",
            tag: "history", access: "auditor or admin", success: (101, ["type": "string"]), errors: [400, 401, 403, 426, 429])
        webSocket.successContentTypes = []
        webSocket.responseHeaders = ["Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Accept": "The handshake's answer (RFC 6455)"]
        webSocket.queryParameters = Self.liveFeedParameters(after: "Send events after this position (default 0); to resume, the last position received")
        builder.add(webSocket) { request, context in
            let (user, after, filter) = try liveFeedRequest(request, context, lastEventIDHeader: false)
            guard Self.isWebSocketUpgrade(request) else { throw Problem.upgradeRequired }
            let slot = try liveConnections.open(for: user)
            let channel = context.channel
            context.webSocketUpgrade.accept { inbound, outbound in
                try await liveFeed.webSocket(after: after, filter: filter, slot: slot, inbound: inbound, outbound: outbound, channel: channel)
            }
            return Response(status: .ok)
        }
    }

    /// The feed as Server-Sent Events for the request's principal (an auditor or admin), from
    /// `after` or `Last-Event-ID`; frames are named after event types if `named`.
    func liveFeedResponse(_ request: Request, _ context: NexusRequestContext, named: Bool = true) throws -> Response {
        let (user, after, filter) = try liveFeedRequest(request, context, lastEventIDHeader: true)
        let slot = try liveConnections.open(for: user)
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store", Self.accelBuffering: "no"],
            body: liveFeed.body(for: request, after: after, filter: filter, slot: slot, named: named))
    }

    /// The query parameters of both routes.
    private static func liveFeedParameters(after: String) -> [QueryParameterDoc] {
        [
            .integer("after", in: Self.positions, after),
            .text("category", maxLength: LiveFeedFilter.maxLength, "Only events of streams of this category (`product` for `product-SKU1`)"),
            .text("type", maxLength: LiveFeedFilter.maxLength, "Only events of this type (`ProductCreated`)"),
        ]
    }

    /// The caller (an auditor or admin), the position to send events after and the filter of a
    /// feed request, or the problem with it.
    private func liveFeedRequest(
        _ request: Request, _ context: NexusRequestContext, lastEventIDHeader: Bool
    ) throws -> (user: UUID, after: Int64, filter: LiveFeedFilter) {
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
        if lastEventIDHeader, let header = request.headers[Self.lastEventID] {
            if let position = Int64(header), Self.positions.contains(position), header.utf8.allSatisfy({ (48...57).contains($0) }) {
                after = position
            } else {
                parameters.invalid(Self.lastEventID.rawName, "must be a position this feed sent (an integer of 0 or more)")
            }
        }
        try parameters.check()
        return (principal.userId, after, filter)
    }

    /// Whether `request` asks for a WebSocket (`Upgrade: websocket`, a key and version 13); the
    /// upgrade itself happens before routing, so a request routed here without it was not one.
    private static func isWebSocketUpgrade(_ request: Request) -> Bool {
        request.headers[.upgrade]?.lowercased() == "websocket" && request.headers[.secWebSocketKey] != nil
            && request.headers[.secWebSocketVersion] == "13"
    }

    /// Asks proxies (nginx) not to buffer the stream.
    private static let accelBuffering = HTTPField.Name("X-Accel-Buffering")!
}
