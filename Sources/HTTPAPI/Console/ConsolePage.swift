import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// Renders the console's pages: HTML from ``ConsoleTemplates``, never cached, with a
/// Content-Security-Policy that allows this origin's style sheet and script and nothing else.
/// Errors on console paths are pages too (``Problem/response(from:context:)`` asks ``serves(_:)``),
/// with the problem's status.
enum ConsolePage {
    /// Where the console lives.
    static let prefix = "/console"

    /// The pages' policy: the console's own style sheet and live-tail script, its own forms and
    /// its own event stream.
    static let policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    static let htmlContentType = "text/html; charset=utf-8"

    /// The templates, parsed once (a test renders every one of them).
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in ConsoleTemplates.all {
            do { try library.register(text, named: name) } catch { preconditionFailure("console template \(name): \(error)") }
        }
        return library
    }()

    /// Whether `path` is the console's (its errors are pages, not problem+json).
    static func serves(_ path: String) -> Bool {
        path == prefix || path.hasPrefix(prefix + "/")
    }

    /// The page `template` rendered with `values`.
    static func render(_ template: String, _ values: [String: Any], status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        let html = library.render(values, withTemplate: template) ?? ""
        var fields = headers
        fields[.contentType] = htmlContentType
        fields[.contentSecurityPolicy] = policy
        fields[.cacheControl] = "no-store"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A redirect after a form (303: the browser follows with GET).
    static func redirect(to location: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.location] = location
        fields[.cacheControl] = "no-store"
        return Response(status: .seeOther, headers: fields)
    }

    /// `problem` as a page with its status and headers (e.g. `Retry-After`).
    static func error(_ problem: Problem) -> Response {
        render(
            "error", ["title": problem.title, "detail": problem.detail, "errors": problem.errors.map { ["field": $0.field, "message": $0.message] }],
            status: problem.status, headers: problem.headers)
    }
}
