import Hummingbird

extension AuditorConsole {
    /// `GET /console/live` (the live tail page) and `GET /console/live/events` (the API's live
    /// feed as Server-Sent Events for the session's user, under the same limits; frames carry
    /// no event name, so the page's script receives them all).
    func registerLive(on builder: APIBuilder, access: ConsoleAccess) {
        builder.addPage(.get, "\(ConsolePage.prefix)/live") { request, _ in
            try await access.page(request) { user in
                var values = user.values(title: "Live tail")
                values["head"] = try await store.headPosition()
                return ConsolePage.render("live", values)
            }
        }
        builder.addPage(.get, "\(ConsolePage.prefix)/live/events", parameters: ["after", "category", "type"]) { request, context in
            guard let user = try await access.user(request) else { throw Problem.unauthorized("sign in to the console first") }
            var context = context
            context.principal = user.principal
            return try queries.liveFeedResponse(request, context, named: false)
        }
    }
}
