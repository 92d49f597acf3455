import Foundation
public import HTTPTypes
public import Hummingbird
public import NexusDomain

/// An RFC 9457 `application/problem+json` error: every error response of the API is one.
public struct Problem: HTTPResponseError, Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// A stable, machine-readable problem type (a URI reference, e.g. `/problems/validation-failed`).
    public var type: String
    /// A short summary of the problem type.
    public var title: String
    /// What went wrong this time.
    public var detail: String
    /// Field-level problems.
    public var errors: [FieldError]
    /// Extra headers (e.g. `Retry-After`).
    public var headers: HTTPFields

    /// Creates a problem.
    public init(
        _ status: HTTPResponse.Status, type: String, title: String, detail: String,
        errors: [FieldError] = [], headers: HTTPFields = [:]
    ) {
        self.status = status
        self.type = "/problems/\(type)"
        self.title = title
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    /// The JSON body.
    struct Body: Encodable {
        var type: String
        var title: String
        var status: Int
        var detail: String
        var instance: String
        var errors: [FieldError]?
    }

    /// The problem as problem+json; on the console's paths, as an HTML page with the same status.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        if ConsolePage.serves(request.uri.path) { return ConsolePage.error(self) }
        let body = Body(
            type: type, title: title, status: status.code, detail: detail, instance: request.uri.path,
            errors: errors.isEmpty ? nil : errors)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(body)) ?? Data()
        var fields = headers
        fields[.contentType] = "application/problem+json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
