import Crypto
import Foundation
import Hummingbird

/// Binds an `Idempotency-Key` to its request: the fingerprint of a command request is
/// HMAC-SHA-256 over its method, route template, path (with its parameters) and body bytes, under
/// a key derived (HKDF) from the token signing secret. A plain hash would let anyone who sees a fingerprint test guesses
/// of a body that holds a password; the keyed hash reveals nothing without the secret.
struct RequestFingerprinter: Sendable {
    private let key: SymmetricKey

    /// The HKDF `info` that separates this key from every other use of the secret.
    private static let purpose = Data("nexus idempotency-key request fingerprint v1".utf8)

    init(secret: String) {
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(secret.utf8)), info: Self.purpose, outputByteCount: 32)
    }

    /// The fingerprint (64 lowercase hex digits) of `body` sent with `method` to `path`, which
    /// matched the route template `route` (e.g. `/orders/{id}/pay`): the same key on another
    /// endpoint, or on the same endpoint for another entity, never matches.
    func fingerprint(method: HTTPRequest.Method, route: String, path: String, body: ByteBuffer) -> String {
        var mac = HMAC<SHA256>(key: key)
        mac.update(data: Data("\(method.rawValue) \(route) \(path)\n".utf8))
        body.withUnsafeReadableBytes { mac.update(data: $0) }
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: mac.finalize().flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] }, as: UTF8.self)
    }

    /// `handler` for the command route `route`: when the request carries an `Idempotency-Key`,
    /// its body is read first (within `bodyLimit`; not at all for a route without a body, which
    /// ignores it) and its fingerprint set on the context.
    func binding(
        _ route: RouteDoc, bodyLimit: Int,
        _ handler: @escaping @Sendable (Request, NexusRequestContext) async throws -> Response
    ) -> @Sendable (Request, NexusRequestContext) async throws -> Response {
        { request, context in
            guard request.headers[.idempotencyKey] != nil else { return try await handler(request, context) }
            var request = request
            var context = context
            let body = route.requestBody == nil ? ByteBuffer() : try await JSONBody.collect(&request, limit: bodyLimit)
            context.requestFingerprint = fingerprint(method: route.method, route: route.path, path: request.uri.path, body: body)
            return try await handler(request, context)
        }
    }
}
