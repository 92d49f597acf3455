import Foundation
import HTTPTypes
import Hummingbird
import NexusDomain
import NexusEvents

/// Who is signed in to the console, and the checks every console request goes through: the
/// session cookie, the user's current role and status (as a bearer token is checked), the
/// role (auditor or admin), and for forms the CSRF token and a same-origin `Sec-Fetch-Site`.
struct ConsoleAccess: Sendable {
    /// A signed-in request: its session and the user as they are now.
    struct User: Sendable {
        var sessionID: String
        var session: ConsoleSessions.Session
        var principal: Principal

        /// What every page shows: the navigation, the sign-out form and the role.
        func values(title: String) -> [String: Any] {
            ["title": title, "signedIn": true, "csrf": session.csrfToken, "role": principal.role.rawValue]
        }
    }

    let sessions: ConsoleSessions
    let accounts: AuthMiddleware
    let signIn: SignIn
    let tls: Bool
    let configuration: ConsoleConfiguration

    /// The session cookie.
    static let sessionCookie = "nexus_console"
    /// The cookie the sign-in form's token is checked against (there is no session yet).
    static let signInCookie = "nexus_console_sign_in"
    /// Where signing in starts.
    static let signInPath = "\(ConsolePage.prefix)/sign-in"
    /// The roles that may use the console, as the API's history routes.
    static let roles: [UserRole] = [.auditor, .admin]

    /// The signed-in user of `request`, or `nil` (no cookie, an ended session, or an account
    /// deactivated or whose password changed since). 403 for a role other than auditor or admin.
    func user(_ request: Request) async throws -> User? {
        guard let id = request.cookies[Self.sessionCookie]?.value, let session = sessions.session(id) else { return nil }
        let principal: Principal
        do {
            principal = try await accounts.current(Principal(userId: session.userId, role: .customer, credentialVersion: session.credentialVersion))
        } catch let problem as Problem where problem.status == .unauthorized {
            sessions.close(id)
            return nil
        }
        guard Self.roles.contains(principal.role) else {
            throw Problem.forbidden("the console is for auditors and admins; this account's role is \(principal.role.rawValue)")
        }
        return User(sessionID: id, session: session, principal: principal)
    }

    /// A page for signed-in users; others are sent to sign in.
    func page(
        _ request: Request, _ body: (User) async throws -> Response
    ) async throws -> Response {
        guard let user = try await user(request) else { return ConsolePage.redirect(to: Self.signInPath) }
        return try await body(user)
    }

    /// A form of a signed-in user: same-origin, its `csrf` field the session's token, else 403.
    func form(_ request: Request, _ body: (User, [String: String]) async throws -> Response) async throws -> Response {
        let fields = try await form(request)
        guard let user = try await user(request) else {
            throw Problem.forbidden("the console session has ended; sign in again")
        }
        guard let token = fields["csrf"], ConsoleSessions.tokensMatch(token, user.session.csrfToken) else {
            throw Problem.forbidden("the form's CSRF token is missing or not this session's; reload the page and try again")
        }
        return try await body(user, fields)
    }

    /// The fields of a URL-encoded form: at most ``ConsoleConfiguration/maxFormBytes`` (413), of
    /// that media type (415), each field once, valid UTF-8 without control characters (400);
    /// from the same origin (a `Sec-Fetch-Site` other than `same-origin` is refused: 403).
    func form(_ request: Request) async throws -> [String: String] {
        if let site = request.headers[Self.secFetchSite], site != "same-origin" {
            throw Problem.forbidden("console forms are accepted only from the console itself")
        }
        let mediaType = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType == "application/x-www-form-urlencoded" else { throw Problem.unsupportedMediaType }
        let body = request.body
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: configuration.maxFormBytes)
        } catch {
            throw Problem.tooLarge(limit: configuration.maxFormBytes)
        }
        var fields: [String: String] = [:]
        var errors: [FieldError] = []
        for pair in String(buffer: buffer).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decoded(parts[0]), !name.isEmpty, fields[name] == nil, fields.count < 8 else {
                errors.append(FieldError(field: "form", code: "invalid", message: "must hold a few distinct fields"))
                break
            }
            guard let value = Self.decoded(parts.count > 1 ? parts[1] : "") else {
                errors.append(FieldError(field: name, code: "invalid_text", message: "must be valid UTF-8 without control characters"))
                continue
            }
            fields[name] = value
        }
        guard errors.isEmpty else { throw Problem.invalidBody(errors) }
        return fields
    }

    /// A form component: `+` is a space, then percent-decoded; `nil` if not UTF-8 or holding control characters.
    private static func decoded(_ component: Substring) -> String? {
        guard let text = TextRules.percentDecoded(component.replacingOccurrences(of: "+", with: " ")),
              !TextRules.containsControlCharacters(text) else { return nil }
        return text
    }

    /// A cookie of the console: `HttpOnly`, `SameSite=Strict`, for the console's paths only, and
    /// `Secure` when the server speaks TLS. `nil` clears it.
    func cookie(_ name: String, _ value: String?, maxAge: Duration) -> String {
        "\(name)=\(value ?? ""); Path=\(ConsolePage.prefix); Max-Age=\(value == nil ? 0 : maxAge.components.seconds); HttpOnly; SameSite=Strict"
            + (tls ? "; Secure" : "")
    }

    /// `Sec-Fetch-Site`: where a browser says a request comes from.
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
}
