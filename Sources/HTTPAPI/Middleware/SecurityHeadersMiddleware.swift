import HTTPTypes
import Hummingbird

/// Sets the security headers of a JSON API on every answer: no MIME sniffing, no framing, no
/// active content, no referrer; over TLS, HTTPS only from then on (HSTS).
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = NexusRequestContext

    /// Whether the server speaks TLS (then `Strict-Transport-Security` is sent too).
    let tls: Bool

    /// The headers, as every answer carries them.
    static let fields: HTTPFields = [
        .xContentTypeOptions: "nosniff",
        .contentSecurityPolicy: "default-src 'none'; frame-ancestors 'none'",
        .xFrameOptions: "DENY",
        .referrerPolicy: "no-referrer",
    ]

    /// HSTS over TLS: one year.
    static let strictTransportSecurity = "max-age=31536000"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        for field in Self.fields where response.headers[field.name] == nil {
            response.headers.append(field)
        }
        if tls { response.headers[.strictTransportSecurity] = Self.strictTransportSecurity }
        return response
    }
}

extension HTTPField.Name {
    /// `X-Frame-Options`.
    static let xFrameOptions = Self("X-Frame-Options")!
    /// `Referrer-Policy`.
    static let referrerPolicy = Self("Referrer-Policy")!
}
