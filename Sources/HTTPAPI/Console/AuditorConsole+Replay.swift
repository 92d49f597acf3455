import EventStore
import Foundation
import Hummingbird
import NexusDomain
import NexusEvents

extension AuditorConsole {
    /// `GET /console/state?name=…&position=…` (or `&time=…`, RFC 3339): the aggregate's state as
    /// of a global position or a moment (its events at or before it, folded by ``AggregateReplay``
    /// as `nexus replay` does), with a slider over the stream's positions and links to step event
    /// by event.
    func registerReplay(on builder: APIBuilder, access: ConsoleAccess) {
        builder.addPage(.get, "\(ConsolePage.prefix)/state", parameters: ["name", "position", "time"]) { request, _ in
            try await access.page(request) { user in
                var parameters = QueryParameters(request)
                let stream = Self.streamName(&parameters)
                let wanted = parameters.integer("position", in: QueryAPI.positions)
                let moment = Self.moment(&parameters, besides: wanted)
                try parameters.check()
                guard let stream else { throw Problem.notFound("no stream") }
                guard AggregateReplay.categories.contains(stream.category) else {
                    throw Problem.notFound("streams of category \(stream.category) have no aggregate to replay")
                }
                let limit = configuration.maxReplayEvents
                let history = try await readStream(stream, from: 1, limit: limit + 1)
                guard let first = history.first, let last = history.last else { throw Problem.notFound("stream \(stream.rawValue) has no events") }
                if let moment, first.recordedAt > moment {
                    throw Problem.notFound("stream \(stream.rawValue) has no events recorded at or before \(ReplayTime.format(moment))")
                }
                let position = moment.map { moment in history.last { $0.recordedAt <= moment }?.position ?? first.position } ?? wanted ?? last.position
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
                if let moment { values["time"] = ReplayTime.format(moment) }
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

    /// The `time` parameter: an RFC 3339 time, not together with `position`.
    private static func moment(_ parameters: inout QueryParameters, besides position: Int64?) -> Date? {
        guard let text = parameters.value("time") else { return nil }
        guard position == nil else {
            parameters.refuse("time", code: "conflict", "give either position or time, not both")
            return nil
        }
        guard let moment = ReplayTime.parse(text) else {
            parameters.invalid("time", "must be an RFC 3339 time such as 2026-11-27T12:00:00Z")
            return nil
        }
        return moment
    }
}
