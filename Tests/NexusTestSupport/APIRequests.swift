public import Foundation
public import HTTPTypes
public import HummingbirdTesting
import NIOCore

/// The requests tests send to the HTTP API, shared by the unit tier (router test client over
/// in-memory storage) and the integration tier (real HTTP over PostgreSQL).
extension TestClientProtocol {
    /// Sends a request; `json` is sent as `application/json` unless `headers` says otherwise, and
    /// `token` as a bearer token.
    @discardableResult
    public func send(
        _ method: HTTPRequest.Method, _ path: String, json: String? = nil, token: String? = nil, headers: HTTPFields = [:]
    ) async throws -> APIReply {
        var fields = headers
        if json != nil, fields[.contentType] == nil { fields[.contentType] = "application/json" }
        if let token { fields[.authorization] = "Bearer \(token)" }
        let response = try await executeRequest(uri: path, method: method, headers: fields, body: json.map { ByteBuffer(string: $0) })
        return APIReply(status: response.status.code, headers: response.headers, body: Data(response.body.readableBytesView))
    }

    /// Signs `email` in; returns the reply (status 200 with `accessToken` and `role` on success).
    public func signIn(_ email: String, password: String) async throws -> APIReply {
        try await send(.post, "/auth/token", json: APIRequests.signIn(email, password))
    }

    /// A bearer token for `email`.
    public func token(_ email: String, password: String) async throws -> String {
        let reply = try await signIn(email, password: password)
        guard reply.status == 200, let token = reply.string("accessToken") else {
            throw APIRequestError("sign-in failed for \(email): \(reply.status) \(reply.text)")
        }
        return token
    }

    /// Creates category `tools` (if needed), product `sku` at `priceMinor` EUR, and receives
    /// `stock` units, as the admin `admin` (a token).
    public func createProduct(_ sku: String, priceMinor: Int = 1000, stock: Int, admin: String) async throws {
        let category = try await send(.post, "/categories", json: #"{"slug":"tools","name":"Tools"}"#, token: admin)
        guard category.status == 201 || category.status == 409 else { throw APIRequestError("category: \(category.text)") }
        let product = try await send(.post, "/products", json: APIRequests.product(sku, priceMinor: priceMinor), token: admin)
        guard product.status == 201 else { throw APIRequestError("product: \(product.text)") }
        if stock > 0 {
            let receipt = try await send(.post, "/inventory/\(sku)/receipts", json: #"{"quantity":\#(stock)}"#, token: admin)
            guard receipt.status == 200 else { throw APIRequestError("receipt: \(receipt.text)") }
        }
    }
}

/// Request bodies tests send.
public enum APIRequests {
    /// The body of `POST /auth/token`.
    public static func signIn(_ email: String, _ password: String) -> String {
        #"{"email":"\#(email)","password":"\#(password)"}"#
    }

    /// The body of `POST /products` for `sku` at `priceMinor` EUR in `category`.
    public static func product(_ sku: String, priceMinor: Int = 1000, category: String = "tools") -> String {
        #"{"sku":"\#(sku)","name":"Product \#(sku)","description":"","price":{"amountMinor":\#(priceMinor),"currency":"EUR"},"categorySlug":"\#(category)"}"#
    }
}

/// One HTTP response.
public struct APIReply: Sendable {
    public var status: Int
    public var headers: HTTPFields
    public var body: Data

    public var text: String { String(decoding: body, as: UTF8.self) }
    public var object: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    public func string(_ key: String) -> String? { object[key] as? String }
    public func int(_ key: String) -> Int? { (object[key] as? NSNumber)?.intValue }
    /// The `field` of every problem detail.
    public var problemFields: Set<String> {
        Set(((object["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String })
    }
    public var problemType: String? { string("type") }
    public var isProblem: Bool { headers[.contentType] == "application/problem+json" }
}

/// A request helper got an answer it cannot go on with.
public struct APIRequestError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
