import EventStore
import Foundation
import HTTPTypes
import NexusDomain

extension Problem {
    /// 400: the body is not JSON.
    static func malformedJSON(_ detail: String) -> Problem {
        Problem(.badRequest, type: "malformed-json", title: "Malformed JSON", detail: detail)
    }

    /// 422: the body does not have the documented shape (unknown, missing or mistyped fields).
    static func invalidBody(_ errors: [FieldError]) -> Problem {
        Problem(.unprocessableContent, type: "invalid-body", title: "Invalid request body",
                detail: "the body does not match the documented schema", errors: errors)
    }

    /// 413.
    static func tooLarge(limit: Int) -> Problem {
        Problem(.contentTooLarge, type: "body-too-large", title: "Request body too large",
                detail: "the body must be at most \(limit) bytes")
    }

    /// 415.
    static let unsupportedMediaType = Problem(
        .unsupportedMediaType, type: "unsupported-media-type", title: "Unsupported media type",
        detail: "send the body as application/json in UTF-8 (no other charset, no byte order mark)")

    /// 426: a WebSocket route called without the upgrade.
    static let upgradeRequired = Problem(
        .upgradeRequired, type: "upgrade-required", title: "Upgrade required",
        detail: "open this route as a WebSocket (Connection: Upgrade, Upgrade: websocket, Sec-WebSocket-Version: 13)",
        headers: [.upgrade: "websocket", .connection: "Upgrade"])

    /// 401.
    static func unauthorized(_ detail: String) -> Problem {
        Problem(.unauthorized, type: "unauthorized", title: "Unauthorized", detail: detail,
                headers: [.wwwAuthenticate: "Bearer"])
    }

    /// 403.
    static func forbidden(_ detail: String) -> Problem {
        Problem(.forbidden, type: "forbidden", title: "Forbidden", detail: detail)
    }

    /// 404.
    static func notFound(_ detail: String) -> Problem {
        Problem(.notFound, type: "not-found", title: "Not found", detail: detail)
    }

    /// 412: `If-Match` named another version.
    static func preconditionFailed(stream: String, expected: Int64, actual: Int64?) -> Problem {
        Problem(.preconditionFailed, type: "version-mismatch", title: "Version mismatch",
                detail: "\(stream) is at version \(actual.map(String.init) ?? "none"), not \(expected)")
    }

    /// 409: concurrent writers kept winning.
    static func contention(_ stream: String) -> Problem {
        Problem(.conflict, type: "concurrent-modification", title: "Concurrent modification",
                detail: "\(stream) kept changing while the command was decided; retry")
    }

    /// 409: a request with the same idempotency key is still being processed.
    static let idempotencyKeyInFlight = Problem(
        .conflict, type: "idempotency-key-in-flight", title: "Request in progress",
        detail: "a request with this Idempotency-Key is still being processed; retry once it has completed")

    /// 429.
    static func tooManyRequests(retryAfter seconds: Int) -> Problem {
        Problem(.tooManyRequests, type: "rate-limited", title: "Too many requests",
                detail: "slow down: this client exceeded its request rate",
                headers: [.retryAfter: String(seconds)])
    }

    /// 410: the user's personal data was erased.
    static func erased(_ detail: String) -> Problem {
        Problem(.gone, type: "personal-data-erased", title: "Personal data erased", detail: detail)
    }

    /// 429: too many failed sign-ins for one account.
    static func signInThrottled(retryAfter seconds: Int) -> Problem {
        Problem(.tooManyRequests, type: "sign-in-throttled", title: "Too many failed sign-ins",
                detail: "too many failed sign-ins for this account; wait before trying again",
                headers: [.retryAfter: String(seconds)])
    }

    /// 503: the store could not be reached.
    static func unavailable(_ detail: String) -> Problem {
        Problem(.serviceUnavailable, type: "unavailable", title: "Service unavailable", detail: detail,
                headers: [.retryAfter: "1"])
    }

    /// 400 for a read, 422 for a command: the database refused a value of the request (a data
    /// exception or constraint violation, which no retry can cure).
    static func refusedByDatabase(method: HTTPRequest.Method) -> Problem {
        let isRead = method == .get || method == .head
        return Problem(isRead ? .badRequest : .unprocessableContent, type: "refused-by-database", title: "Value refused",
                       detail: "the database cannot hold a value of this request")
    }

    /// The problem for a refused command.
    init(_ error: DomainError) {
        switch error.code {
        case .validationFailed:
            self.init(.unprocessableContent, type: "validation-failed", title: "Validation failed",
                      detail: error.message, errors: error.details)
        case .notFound:
            self.init(.notFound, type: "not-found", title: "Not found", detail: error.message, errors: error.details)
        case .alreadyExists:
            self.init(.conflict, type: "already-exists", title: "Already exists", detail: error.message, errors: error.details)
        case .unknownReference:
            self.init(.unprocessableContent, type: "unknown-reference", title: "Unknown reference",
                      detail: error.message, errors: error.details)
        case .invalidTransition:
            self.init(.conflict, type: "invalid-transition", title: "Invalid state transition",
                      detail: error.message, errors: error.details)
        case .insufficientStock:
            self.init(.conflict, type: "insufficient-stock", title: "Insufficient stock",
                      detail: error.message, errors: error.details)
        case .lastActiveAdmin:
            self.init(.conflict, type: "last-active-admin", title: "Last active admin",
                      detail: error.message, errors: error.details)
        }
    }
}

extension Problem {
    /// The problem for a store failure that is not a version conflict.
    init(storeError error: EventStoreError) {
        switch error.code {
        case .unavailable, .shutDown, .wrongExpectedVersion:
            self = .unavailable("the event store could not complete the request; retry with the same Idempotency-Key")
        case .idempotencyKeyReused:
            self.init(.unprocessableContent, type: "idempotency-key-reused", title: "Idempotency key reused",
                      detail: "this Idempotency-Key was used for a different request (method, route or body); use a new key")
        case .invalidStreamName, .invalidExpectedVersion, .invalidEventData, .eventTooLarge, .invalidRequest:
            self.init(.unprocessableContent, type: "rejected-by-store", title: "Rejected by the event store", detail: error.message)
        case .personalDataErased:
            self = .erased("the person's data was erased; nothing can be recorded about them")
        }
    }
}
