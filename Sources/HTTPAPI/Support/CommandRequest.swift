import HTTPTypes
import Foundation
import Hummingbird

/// What a command's HTTP request says beyond its body: who asks, `Idempotency-Key`, `If-Match`.
struct CommandRequest: Sendable {
    /// The caller, if authenticated.
    var principal: Principal?
    /// The idempotency key, scoped to the caller so two clients' keys never collide.
    var idempotencyKey: String?
    /// The version the client expects the main stream to be at.
    var ifMatch: Int64?

    static let maxKeyLength = 120

    /// A request built in code (e.g. the admin bootstrap).
    init(principal: Principal?, idempotencyKey: String?, ifMatch: Int64?) {
        self.principal = principal
        self.idempotencyKey = idempotencyKey
        self.ifMatch = ifMatch
    }

    init(_ request: Request, principal: Principal?) throws(Problem) {
        self.principal = principal
        if let key = request.headers[.idempotencyKey] {
            guard !key.isEmpty, key.count <= Self.maxKeyLength else {
                throw Problem.invalidBody([.init(field: "Idempotency-Key", code: "invalid", message: "must be 1 to 120 characters")])
            }
            let scope = principal.map { $0.userId.uuidString.lowercased() } ?? "anonymous"
            idempotencyKey = "\(scope):\(key)"
        }
        if let header = request.headers[.ifMatch] {
            let text = header.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "W/", with: "")
                .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            guard let version = Int64(text), version >= 0 else {
                throw Problem.invalidBody([.init(field: "If-Match", code: "invalid", message: "must be a stream version such as \"3\"")])
            }
            ifMatch = version
        }
    }
}

extension HTTPField.Name {
    /// `Idempotency-Key`.
    static let idempotencyKey = Self("Idempotency-Key")!
}
