import HTTPTypes
import Foundation
import Hummingbird

/// What a command's HTTP request says beyond its body: who asks, `Idempotency-Key`, `If-Match`.
struct CommandRequest: Sendable {
    /// The caller, if authenticated.
    var principal: Principal?
    /// The idempotency key, scoped to the caller so two clients' keys never collide: a signed-in
    /// caller's keys to the user, an anonymous caller's to the request's fingerprint (anonymous
    /// callers share no scope, so a stranger's key never answers a stranger's result).
    var idempotencyKey: String?
    /// The fingerprint of the request (``RequestFingerprinter``), recorded with the key: the same
    /// key with another request is refused (422).
    var fingerprint: String?
    /// The version the client expects the main stream to be at.
    var ifMatch: Int64?
    /// Set for commands Nexus gives itself (``SystemCommands``): recorded as the events' actor.
    var systemActor: String?

    /// The actor recorded in the events' metadata: the system actor, the user id, or `anonymous`.
    var actor: String {
        systemActor ?? principal.map { $0.userId.uuidString.lowercased() } ?? "anonymous"
    }

    /// The longest accepted `Idempotency-Key`, in characters.
    static let maxKeyLength = 120
    /// What `If-Match` accepts: a stream version, optionally quoted and weak (`"3"`, `W/"3"`, `3`).
    static let ifMatchPattern = #"^\s*(W/)?"?[0-9]{1,19}"?\s*$"#
    /// How many hex digits of the fingerprint scope an anonymous caller's key (128 bits).
    static let anonymousScopeDigits = 32

    /// A request built in code (e.g. the admin bootstrap).
    init(principal: Principal?, idempotencyKey: String?, ifMatch: Int64?) {
        self.principal = principal
        self.idempotencyKey = idempotencyKey
        self.ifMatch = ifMatch
    }

    /// A command Nexus gives itself as `actor`, with an idempotency key of its own (never a
    /// caller's: theirs are prefixed with their user id or an anonymous scope).
    init(systemActor actor: String, idempotencyKey: String, fingerprint: String) {
        self.systemActor = actor
        self.idempotencyKey = "\(actor):\(idempotencyKey)"
        self.fingerprint = fingerprint
    }

    init(_ request: Request, context: NexusRequestContext) throws(Problem) {
        principal = context.principal
        if let key = request.headers[.idempotencyKey] {
            guard !key.isEmpty, key.count <= Self.maxKeyLength, let fingerprint = context.requestFingerprint else {
                throw Problem.invalidBody([.init(field: "Idempotency-Key", code: "invalid", message: "must be 1 to \(Self.maxKeyLength) characters")])
            }
            let scope = principal.map { $0.userId.uuidString.lowercased() }
                ?? "anonymous-\(fingerprint.prefix(Self.anonymousScopeDigits))"
            idempotencyKey = "\(scope):\(key)"
            self.fingerprint = fingerprint
        }
        if let header = request.headers[.ifMatch] {
            guard let version = Self.version(ifMatch: header) else {
                throw Problem.invalidBody([.init(field: "If-Match", code: "invalid", message: "must be a stream version such as \"3\"")])
            }
            ifMatch = version
        }
    }

    /// The version an `If-Match` value names, read exactly as ``ifMatchPattern`` describes it.
    static func version(ifMatch header: String) -> Int64? {
        var text = Substring(header.trimmingCharacters(in: .whitespaces))
        if text.hasPrefix("W/") { text = text.dropFirst(2) }
        if text.first == "\"" { text = text.dropFirst() }
        if text.last == "\"" { text = text.dropLast() }
        guard (1...19).contains(text.utf8.count), text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            return nil
        }
        return Int64(text)
    }
}

extension HTTPField.Name {
    /// `Idempotency-Key`.
    static let idempotencyKey = Self("Idempotency-Key")!
}
