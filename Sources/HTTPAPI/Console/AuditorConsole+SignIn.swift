import HTTPTypes
import Hummingbird
import NexusDomain

extension AuditorConsole {
    /// `GET /console/sign-in` (the form, with a token also set as a cookie), `POST
    /// /console/sign-in` (the API's email and password check; auditors and admins only) and
    /// `POST /console/sign-out`.
    func registerSignIn(on builder: APIBuilder, access: ConsoleAccess) {
        builder.addPage(.get, ConsoleAccess.signInPath) { request, _ in
            if try await access.user(request) != nil { return ConsolePage.redirect(to: ConsolePage.prefix) }
            return signInPage(access: access)
        }
        builder.addPage(.post, ConsoleAccess.signInPath) { request, _ in
            let fields = try await access.form(request)
            guard let token = fields["csrf"], let expected = request.cookies[ConsoleAccess.signInCookie]?.value,
                  ConsoleSessions.tokensMatch(token, expected) else {
                throw Problem.forbidden("the sign-in form's token is missing or does not match; reload the page and try again")
            }
            let email = fields["email"] ?? ""
            let password = fields["password"] ?? ""
            guard !email.isEmpty, email.utf8.count <= Validator.Limits.email, !password.isEmpty,
                  password.utf8.count <= Validator.Limits.password.upperBound else {
                return signInPage(access: access, message: "enter an email and a password", status: .badRequest)
            }
            switch try await access.signIn.attempt(email: email, password: password) {
            case .signedIn(let principal):
                guard ConsoleAccess.roles.contains(principal.role) else {
                    return signInPage(access: access, message: "the console is for auditors and admins", status: .forbidden)
                }
                let (id, _) = sessions.open(for: principal)
                logger.info("console sign-in", metadata: ["user": .string(principal.userId.uuidString.lowercased())])
                var headers = HTTPFields()
                headers.append(HTTPField(name: .setCookie, value: access.cookie(ConsoleAccess.sessionCookie, id, maxAge: configuration.sessionLifetime)))
                headers.append(HTTPField(name: .setCookie, value: access.cookie(ConsoleAccess.signInCookie, nil, maxAge: .zero)))
                return ConsolePage.redirect(to: ConsolePage.prefix, headers: headers)
            case .rejected:
                return signInPage(access: access, message: "unknown email or wrong password", status: .unauthorized)
            case .throttled(let seconds):
                throw Problem.signInThrottled(retryAfter: seconds)
            }
        }
        builder.addPage(.post, "\(ConsolePage.prefix)/sign-out") { request, _ in
            try await access.form(request) { user, _ in
                sessions.close(user.sessionID)
                return ConsolePage.redirect(
                    to: ConsoleAccess.signInPath,
                    headers: [.setCookie: access.cookie(ConsoleAccess.sessionCookie, nil, maxAge: .zero)])
            }
        }
    }

    /// The sign-in form with a fresh token (set as a cookie too), and `message` if given.
    private func signInPage(access: ConsoleAccess, message: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let token = ConsoleSessions.randomToken()
        var values: [String: Any] = [
            "title": "Sign in", "signInToken": token, "maxEmail": Validator.Limits.email, "maxPassword": Validator.Limits.password.upperBound,
        ]
        if let message { values["message"] = message }
        return ConsolePage.render(
            "sign-in", values, status: status,
            headers: [.setCookie: access.cookie(ConsoleAccess.signInCookie, token, maxAge: .seconds(3600))])
    }
}
