import Foundation
import HTTPTypes
import NexusTestSupport

/// Signs in to the auditor console over the harness's HTTP client, as a browser would: the
/// sign-in form's token and cookie, then the session cookie and its CSRF token.
struct ConsoleClient: Sendable {
    let api: APIHarness
    /// The session cookie (`nexus_console=…`).
    let cookie: String
    /// The session's CSRF token, as every form carries it.
    let csrf: String

    /// The form's token and the `Set-Cookie` value of the sign-in cookie.
    static func signInForm(_ api: APIHarness) async throws -> (token: String, cookie: String) {
        let page = try await api.send(.get, "/console/sign-in")
        guard page.status == 200, let token = hiddenValue("csrf", in: page.text), let cookie = page.cookie("nexus_console_sign_in") else {
            throw HarnessError(message: "no sign-in form: \(page.status) \(page.text)")
        }
        return (token, "nexus_console_sign_in=\(cookie)")
    }

    /// Posts the sign-in form; the reply (303 with the session cookie on success).
    static func postSignIn(_ api: APIHarness, email: String, password: String) async throws -> APIReply {
        let form = try await signInForm(api)
        return try await api.postForm("/console/sign-in", ["csrf": form.token, "email": email, "password": password], cookie: form.cookie)
    }

    /// Signs in (as the harness's admin by default).
    static func signIn(_ api: APIHarness, email: String = APIHarness.adminEmail, password: String = APIHarness.adminPassword) async throws -> ConsoleClient {
        let reply = try await postSignIn(api, email: email, password: password)
        guard reply.status == 303, let session = reply.cookie("nexus_console") else {
            throw HarnessError(message: "console sign-in failed: \(reply.status) \(reply.text)")
        }
        let cookie = "nexus_console=\(session)"
        let home = try await api.send(.get, "/console", headers: [.cookie: cookie])
        guard let csrf = hiddenValue("csrf", in: home.text) else { throw HarnessError(message: "no CSRF token on the console: \(home.text)") }
        return ConsoleClient(api: api, cookie: cookie, csrf: csrf)
    }

    /// GETs a console page with the session.
    func get(_ path: String, headers: HTTPFields = [:]) async throws -> APIReply {
        var fields = headers
        fields[.cookie] = cookie
        return try await api.send(.get, path, headers: fields)
    }

    /// Posts a form with the session (and its CSRF token unless `fields` names one).
    func post(_ path: String, _ fields: [String: String] = [:], csrf: String?? = .none, headers: HTTPFields = [:]) async throws -> APIReply {
        var form = fields
        switch csrf {
        case .none: form["csrf"] = self.csrf
        case .some(let token): form["csrf"] = token
        }
        return try await api.postForm(path, form, cookie: cookie, headers: headers)
    }

    /// The value of the hidden field `name` in `html`.
    static func hiddenValue(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }
}

extension APIHarness {
    /// Posts `fields` URL-encoded, with `cookie`.
    func postForm(_ path: String, _ fields: [String: String], cookie: String?, headers: HTTPFields = [:]) async throws -> APIReply {
        let body = fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        var fields = headers
        if fields[.contentType] == nil { fields[.contentType] = "application/x-www-form-urlencoded" }
        if let cookie { fields[.cookie] = cookie }
        return try await send(.post, path, json: body, headers: fields)
    }
}

extension APIReply {
    /// The value of the cookie `name` this reply sets.
    func cookie(_ name: String) -> String? {
        setCookie(name).flatMap { $0.split(separator: ";").first }.map { String($0.dropFirst(name.count + 1)) }
    }

    /// The whole `Set-Cookie` line of the cookie `name`.
    func setCookie(_ name: String) -> String? {
        headers[values: .setCookie].first { $0.hasPrefix("\(name)=") }
    }
}
