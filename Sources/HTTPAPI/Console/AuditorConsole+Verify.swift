import EventStore
import EventStorePostgres
import Hummingbird

extension AuditorConsole {
    /// `POST /console/verify` (form: `csrf`, and `stream` to verify one stream; without it,
    /// every chain): recomputes the hash chains as `nexus audit verify` does and reports the
    /// first broken link. One "verify everything" runs at a time per server (429 meanwhile).
    func registerVerify(on builder: APIBuilder, access: ConsoleAccess) {
        builder.addPage(.post, "\(ConsolePage.prefix)/verify") { request, _ in
            try await access.form(request) { user, fields in
                var stream: StreamName?
                if let text = fields["stream"], !text.isEmpty {
                    guard text.utf8.count <= StreamName.maximumLength, let name = try? StreamName(text) else {
                        throw Problem.invalidBody([.init(field: "stream", code: "invalid", message: "is not a stream name such as product-SKU1")])
                    }
                    stream = name
                }
                if stream == nil {
                    guard verifyingAll.claim() else { throw Problem.tooManyRequests(retryAfter: 5) }
                }
                defer { if stream == nil { verifyingAll.release() } }
                let verification = try await store.verifyChains(stream: stream)
                var values = user.values(title: stream.map { "Verify \($0.rawValue)" } ?? "Verify everything")
                values["stream"] = stream?.rawValue
                if let broken = verification.firstBrokenLink {
                    values["broken"] = [
                        "position": broken.position, "brokenStream": broken.stream, "version": broken.version, "reason": broken.reason,
                        "checked": verification.eventsChecked,
                    ] as [String: Any]
                } else {
                    values["intact"] = ["checked": verification.eventsChecked] as [String: Any]
                }
                return ConsolePage.render("verify", values)
            }
        }
    }
}
