import Hummingbird
import NexusDomain

/// Refuses, before any I/O, a request whose URL carries text no field can hold: malformed
/// percent-encoding, percent-encoded bytes that are not UTF-8, or control characters (NUL
/// included) in a path segment or a query parameter's name or value. Such text would otherwise
/// reach PostgreSQL, which refuses NUL (SQLSTATE 22021). Answered 400 (`invalid-text`) naming
/// each offending parameter (or `path`). Headers need no such check: each one the API reads is
/// parsed strictly where it is used (`If-Match` a number, `Idempotency-Key` printable ASCII,
/// a bearer token verified, `Content-Type` one of a few media types), never stored as sent.
struct RequestTextMiddleware: RouterMiddleware {
    typealias Context = NexusRequestContext

    /// The status of the refusal (the OpenAPI document lists it on every operation).
    static let refusal = HTTPResponse.Status.badRequest

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let errors = Self.problems(path: request.uri.path, query: request.uri.query)
        guard errors.isEmpty else { throw Problem.invalidText(errors) }
        return try await next(request, context)
    }

    /// Every problem with the URL's text, one per offending parameter (and one for the path).
    static func problems(path: String, query: String?) -> [FieldError] {
        var errors: [FieldError] = []
        if path.split(separator: "/").contains(where: { !isClean(TextRules.percentDecoded($0)) }) {
            errors.append(invalid("path"))
        }
        for item in (query ?? "").split(separator: "&") {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = TextRules.percentDecoded(parts[0])
            let value = parts.count > 1 ? TextRules.percentDecoded(parts[1]) : ""
            if let name, isClean(name) {
                if !isClean(value) { errors.append(invalid(name)) }
            } else {
                errors.append(invalid("query"))
            }
        }
        return errors
    }

    private static func isClean(_ text: String?) -> Bool {
        guard let text else { return false }
        return !TextRules.containsControlCharacters(text)
    }

    private static func invalid(_ field: String) -> FieldError {
        FieldError(field: field, code: "invalid_text", message: "must be valid UTF-8 (percent-encoded) without control characters")
    }
}

extension Problem {
    /// 400: text in the URL that no field can hold.
    static func invalidText(_ errors: [FieldError]) -> Problem {
        Problem(RequestTextMiddleware.refusal, type: "invalid-text", title: "Invalid text",
                detail: "URL text must be valid UTF-8 without control characters", errors: errors)
    }
}
