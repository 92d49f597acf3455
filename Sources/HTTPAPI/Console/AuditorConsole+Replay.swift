import EventStore
import Foundation
import Hummingbird
import NexusDomain
import NexusEvents

extension AuditorConsole {
    /// `GET /console/state?name=…&position=…`: the aggregate's state as of a global position
    /// (its events at or before it, folded by ``AggregateReplay`` as `nexus replay` does), with a
    /// slider over the stream's positions and links to step event by event.
    func registerReplay(on builder: APIBuilder, access: ConsoleAccess) {
        builder.addPage(.get, "\(ConsolePage.prefix)/state", parameters: ["name", "position"]) { request, _ in
            try await access.page(request) { user in
                var parameters = QueryParameters(request)
                let stream = Self.streamName(&parameters)
                let wanted = parameters.integer("position", in: QueryAPI.positions)
                try parameters.check()
                guard let stream else { throw Problem.notFound("no stream") }
                guard AggregateReplay.categories.contains(stream.category) else {
                    throw Problem.notFound("streams of category \(stream.category) have no aggregate to replay")
                }
                let limit = configuration.maxReplayEvents
                let history = try await readStream(stream, from: 1, limit: limit + 1)
                guard let first = history.first, let last = history.last else { throw Problem.notFound("stream \(stream.rawValue) has no events") }
                let position = wanted ?? last.position
                let applied = history.prefix { $0.position <= position }
                guard applied.count <= limit else {
                    throw Problem.invalidQuery([FieldError(
                        field: "position", code: "too_long",
                        message: "the stream has more than \(limit) events up to there; replay it with nexus replay")])
                }
                let events = try applied.map { event in
                    do {
                        return try NexusEvent.decode(eventType: event.type, schemaVersion: event.schemaVersion, data: event.data)
                    } catch {
                        throw Problem(.unprocessableContent, type: "unreadable-event", title: "Unreadable event",
                                      detail: "the event at position \(event.position) cannot be read: \(error)")
                    }
                }
                let state: JSONValue
                do { state = try AggregateReplay.state(category: stream.category, events: events) } catch {
                    throw Problem.notFound("\(error)")
                }
                var values = user.values(title: "\(stream.rawValue) as of position \(position)")
                values["stream"] = stream.rawValue
                values["position"] = position
                values["firstPosition"] = first.position
                values["lastPosition"] = max(last.position, position)
                values["count"] = applied.count
                values["version"] = applied.last?.version ?? 0
                values["headVersion"] = history.count > limit ? "more than \(limit)" : "\(last.version)"
                values["json"] = try Self.prettyJSON(state)
                if applied.count >= 2 { values["previousPosition"] = applied[applied.count - 2].position }
                if let next = history.first(where: { $0.position > position }) { values["nextPosition"] = next.position }
                return ConsolePage.render("state", values)
            }
        }
    }
}
