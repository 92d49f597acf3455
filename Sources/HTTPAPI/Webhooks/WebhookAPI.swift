import Foundation
import HTTPTypes
import Hummingbird
public import Logging
import NexusDomain
import NexusEvents
public import PostgresNIO
public import Webhooks

/// The admin endpoints of webhooks: register (the secret is shown once), list, enable, disable,
/// delete, the deliveries of one and a manual retry of a dead delivery. Webhooks are
/// configuration in their own table, not domain events; their secrets never reach events or logs.
public struct WebhookAPI: Sendable {
    let store: WebhookStore
    let policy: WebhookTargetPolicy
    let bodyLimit: Int

    /// The endpoints over `client`'s webhooks, refusing targets `policy` does not allow, sealing
    /// secrets with `secrets` (without it, registration answers 503).
    public init(client: PostgresClient, policy: WebhookTargetPolicy, secrets: WebhookSecretBox?, bodyLimit: Int = 16 * 1024, logger: Logger) {
        self.store = WebhookStore(client: client, secrets: secrets, logger: logger)
        self.policy = policy
        self.bodyLimit = bodyLimit
    }

    /// The routes, to mount with ``NexusAPI/build(configuration:store:privacy:services:modules:logger:)``.
    public func module() -> RouteModule {
        RouteModule { builder in register(on: builder) }
    }

    static let tag = "webhooks"
    static let webhookSchema = (try? SchemaInference.schema(of: Webhook.self)) ?? [:]
    static let listErrors = [401, 403, 429, 503]
    static let oneErrors = [400, 401, 403, 404, 429, 503]

    func register(on builder: APIBuilder) {
        var create = RouteDoc(
            .post, "/webhooks", summary: "Register a webhook; the answer holds its signing secret, shown this once",
            tag: Self.tag, access: "admin", requestBody: RequestSchemas.schema(of: RegisterWebhookRequest.self),
            success: (201, (try? SchemaInference.schema(of: RegisteredWebhook.self)) ?? [:]),
            errors: [400, 401, 403, 413, 415, 422, 429, 503])
        create.responseHeaders = ["Location": "The webhook"]
        builder.add(create) { request, context in
            _ = try context.require(.admin)
            let body = try await JSONBody.decode(RegisterWebhookRequest.self, from: request, limit: bodyLimit)
            let (webhook, secret) = try await Self.refusing { try await store.register(url: body.url, eventTypes: body.eventTypes, policy: policy) }
            var response = try CommandAPI.json(RegisteredWebhook(webhook, secret: secret), status: .created)
            response.headers[.location] = "/webhooks/\(webhook.id.uuidString.lowercased())"
            return response
        }
        builder.add(RouteDoc(
            .get, "/webhooks", summary: "Every webhook (never its secret)", tag: Self.tag, access: "admin",
            success: (200, ["type": "object", "properties": ["items": ["type": "array", "items": Self.webhookSchema]], "required": ["items"]]),
            errors: Self.listErrors
        )) { _, context in
            _ = try context.require(.admin)
            return try CommandAPI.json(WebhookList(items: try await store.list()))
        }
        for (action, enabled) in [("enable", true), ("disable", false)] {
            builder.add(RouteDoc(
                .post, "/webhooks/{id}/\(action)", summary: enabled ? "Deliver new events to a webhook again" : "Stop delivering new events to a webhook",
                tag: Self.tag, access: "admin", success: (200, Self.webhookSchema), errors: Self.oneErrors
            )) { _, context in
                _ = try context.require(.admin)
                let id = try QueryAPI.uuid("id", context)
                guard let webhook = try await store.setEnabled(id, enabled) else { throw Problem.notFound("no webhook \(id.uuidString.lowercased())") }
                return try CommandAPI.json(webhook)
            }
        }
        builder.add(RouteDoc(
            .delete, "/webhooks/{id}", summary: "Delete a webhook; its pending deliveries end unsent",
            tag: Self.tag, access: "admin", success: (204, [:]), errors: Self.oneErrors
        )) { _, context in
            _ = try context.require(.admin)
            let id = try QueryAPI.uuid("id", context)
            guard try await store.delete(id) else { throw Problem.notFound("no webhook \(id.uuidString.lowercased())") }
            return Response(status: .noContent)
        }
        builder.add(RouteDoc(
            .get, "/webhooks/{id}/deliveries",
            summary: "A webhook's latest \(WebhookStore.deliveriesListed) deliveries, newest first: state, tries, last error, next try",
            tag: Self.tag, access: "admin",
            success: (200, ["type": "object", "properties": [
                "items": ["type": "array", "items": (try? SchemaInference.schema(of: WebhookDeliveryStatus.self)) ?? [:]],
            ], "required": ["items"]]),
            errors: Self.oneErrors
        )) { _, context in
            _ = try context.require(.admin)
            let id = try QueryAPI.uuid("id", context)
            guard try await store.webhook(id) != nil else { throw Problem.notFound("no webhook \(id.uuidString.lowercased())") }
            return try CommandAPI.json(WebhookList(items: try await store.deliveries(id)))
        }
        var retry = RouteDoc(
            .post, "/webhooks/deliveries/{id}/retry", summary: "Send a dead delivery again with a fresh retry schedule (the first try at once)",
            tag: Self.tag, access: "admin", success: (202, ["type": "object", "properties": ["id": ["type": "integer"]], "required": ["id"]]),
            errors: Self.oneErrors)
        retry.pathParameters = ["id": ["type": "integer", "minimum": 1]]
        builder.add(retry) { _, context in
            _ = try context.require(.admin)
            guard let id = context.parameters.get("id").flatMap(Int64.init), id > 0 else {
                throw Problem.invalidQuery([.init(field: "id", code: "invalid", message: "must be a delivery id (a positive integer)")])
            }
            guard try await store.retry(delivery: id) else { throw Problem.notFound("no dead delivery \(id)") }
            return try CommandAPI.json(["id": id], status: .accepted)
        }
    }

    /// Runs `body`, answering a refused registration as 422 problem+json (503 when secrets cannot be sealed).
    static func refusing<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as WebhookError where error.code == .secretUnavailable {
            throw Problem.unavailable("webhook secrets cannot be sealed: \(error.message)")
        } catch let error as WebhookError {
            let field = error.code == .invalidEventTypes ? "eventTypes" : "url"
            throw Problem(
                .unprocessableContent, type: "webhook-refused", title: "The webhook cannot be registered", detail: error.message,
                errors: [FieldError(field: field, code: error.code.rawValue, message: error.message)])
        }
    }
}
