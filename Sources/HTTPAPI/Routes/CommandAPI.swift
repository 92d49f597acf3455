import EventStore
import Foundation
import Hummingbird
import NexusEvents
import Privacy

/// The command endpoints and what they share: the executor, tokens, password hashing, limits.
struct CommandAPI: Sendable {
    let executor: CommandExecutor
    /// The event store as stored (sealed bytes), for questions about the stored events themselves.
    let log: any EventStore
    let tokens: TokenService
    let hasher: PasswordHasher
    let bodyLimit: Int
    /// Credentials, personal data keys, the sign-in throttle and the email lookup.
    let privacy: PrivacyServices
    /// Signs in: one code path for every outcome.
    let signIn: SignIn

    /// Registers every command route with its documentation.
    func register(on builder: APIBuilder) {
        registerAuthRoutes(on: builder)
        registerUserRoutes(on: builder)
        registerAccountRoutes(on: builder)
        registerCatalogRoutes(on: builder)
        registerInventoryRoutes(on: builder)
        registerOrderRoutes(on: builder)
    }

    /// Decodes the JSON body strictly.
    func body<T: Decodable>(_ type: T.Type, _ request: Request) async throws(Problem) -> T {
        try await JSONBody.decode(type, from: request, limit: bodyLimit)
    }

    /// The command's headers.
    func command(_ request: Request, _ context: NexusRequestContext) throws(Problem) -> CommandRequest {
        try CommandRequest(request, context: context)
    }

    /// A path parameter that must be present.
    func parameter(_ name: String, _ context: NexusRequestContext) throws(Problem) -> String {
        guard let value = context.parameters.get(name) else { throw Problem.notFound("missing \(name)") }
        return value
    }

    /// A path parameter that must be a UUID (404 otherwise: no such entity can exist).
    func uuidParameter(_ name: String, _ context: NexusRequestContext) throws(Problem) -> UUID {
        guard let value = context.parameters.get(name).flatMap(UUID.init(uuidString:)) else {
            throw Problem.notFound("no such \(name): not a UUID")
        }
        return value
    }

    /// The JSON response of a command, with the main stream's version as `ETag`.
    static func respond(_ result: CommandResult, status: HTTPResponse.Status = .ok) throws -> Response {
        var response = try json(result, status: status)
        response.headers[.eTag] = "\"\(result.version)\""
        return response
    }

    /// A JSON response.
    /// - Throws: `EncodingError` when `value` cannot be encoded (answered 503 by ``ProblemMiddleware``, never a made-up body).
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encode(value))))
    }

    /// The API's JSON encoding: sorted keys, RFC 3339 UTC times.
    /// - Throws: `EncodingError` (e.g. a non-finite number).
    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(EventJSON.format(date))
        }
        return try encoder.encode(value)
    }
}
