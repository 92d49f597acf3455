import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A small JSON-over-HTTP client for Nexus's own API, used by `nexus dev` (demo data) and
/// `nexus simulate` (load). It talks only to the URL it is given (loopback in dev).
struct APIClient: Sendable {
    /// A response: status code and the decoded JSON object (empty when the body is not an object).
    struct Response: @unchecked Sendable {
        var status: Int
        var json: [String: Any]
        var array: [Any]
        var isSuccess: Bool { (200..<300).contains(status) }
    }

    let baseURL: URL
    private let session: URLSession

    init(baseURL: URL) {
        self.baseURL = baseURL
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 10
        configuration.httpMaximumConnectionsPerHost = 64
        self.session = URLSession(configuration: configuration)
    }

    /// Sends one request; `body` is encoded as JSON.
    func send(
        _ method: String, _ path: String, token: String? = nil, body: [String: Any]? = nil, idempotencyKey: String? = nil
    ) async throws -> Response {
        guard let url = URL(string: path, relativeTo: baseURL) else { throw CommandFailure("bad request path \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let idempotencyKey { request.setValue(idempotencyKey, forHTTPHeaderField: "Idempotency-Key") }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
        }
        let (data, response) = try await session.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let decoded = data.isEmpty ? nil : try? JSONSerialization.jsonObject(with: data)
        return Response(status: status, json: decoded as? [String: Any] ?? [:], array: decoded as? [Any] ?? [])
    }

    /// Signs in and returns the access token.
    func token(email: String, password: String) async throws -> String {
        let response = try await send("POST", "auth/token", body: ["email": email, "password": password])
        guard response.isSuccess, let token = response.json["accessToken"] as? String else {
            throw CommandFailure("cannot sign in as \(email): HTTP \(response.status) \(response.json["detail"] ?? "")")
        }
        return token
    }

    /// Waits until `GET /health` answers, or fails after `timeout`.
    func waitUntilHealthy(timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let response = try? await send("GET", "health"), response.isSuccess { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw CommandFailure("\(baseURL) did not become healthy within \(timeout)")
    }
}
