import NexusDomain
import NexusEvents
import Webhooks

/// The limits the server enforces on request-body fields, as JSON Schema keywords, by the
/// field's path in a body (`lines[].quantity`). The OpenAPI document shows them; the server
/// enforces them with the same ``Validator/Limits`` constants (a test probes the boundaries).
/// Every request object also gets `additionalProperties: false`: unknown fields are refused.
enum RequestFieldRules {
    /// A free-text field: 1 to `max` characters (Unicode scalars).
    static func text(_ max: Int) -> JSONValue { ["minLength": 1, "maxLength": .integer(max)] }

    /// An identifier (SKU or slug): 1 to 64 characters of `characters`, starting with a letter or digit.
    static func identifier(_ characters: String, first: String) -> JSONValue {
        ["minLength": 1, "maxLength": .integer(Validator.Limits.identifier),
         "pattern": .string("^[\(first)][\(characters)]*$")]
    }

    static let sku = identifier("A-Za-z0-9_.-", first: "A-Za-z0-9")
    static let slug = identifier("a-z0-9-", first: "a-z0-9")
    static let quantity: JSONValue = ["minimum": 1, "maximum": .integer(Validator.Limits.quantity)]
    static let currency: JSONValue = ["minLength": 3, "maxLength": 3]
    /// Passwords: at most 72 bytes, so never more than 72 characters.
    static let password: JSONValue = ["minLength": 1, "maxLength": .integer(Validator.Limits.password.upperBound)]

    /// The rules by field path.
    static let rules: [String: JSONValue] = [
        "slug": slug, "parentSlug": slug, "categorySlug": slug, "sku": sku, "lines[].sku": sku,
        "name": text(Validator.Limits.name),
        "description": ["maxLength": .integer(Validator.Limits.description)],
        "reason": text(Validator.Limits.reason),
        "note": text(Validator.Limits.reason),
        "email": ["maxLength": .integer(Validator.Limits.email)],
        "password": password, "currentPassword": password, "newPassword": password,
        "quantity": quantity, "lines[].quantity": quantity,
        "delta": ["minimum": .integer(-Validator.Limits.quantity), "maximum": .integer(Validator.Limits.quantity), "not": ["const": 0]],
        "lines": ["minItems": 1, "maxItems": .integer(Validator.Limits.orderLines)],
        "price.amountMinor": ["minimum": 1, "maximum": .integer(Int(Validator.Limits.priceMinor))],
        "price.currency": currency, "amount.currency": currency,
        "amount.amountMinor": ["minimum": 1],
        "url": text(WebhookLimits.maximumURLBytes),
        "eventTypes": ["minItems": 1, "maxItems": .integer(WebhookLimits.maximumEventTypes)],
        "eventTypes[]": text(WebhookLimits.maximumEventTypeLength),
    ]

    /// `schema` with the rules of its fields and `additionalProperties: false` on every object.
    static func apply(to schema: JSONValue, path: String = "") -> JSONValue {
        guard case .object(var object) = schema else { return schema }
        if let rule = rules[path], case .object(let keywords) = rule, object["enum"] == nil {
            object.merge(keywords) { _, rule in rule }
        }
        if case .object(let properties)? = object["properties"] {
            object["properties"] = .object(Dictionary(uniqueKeysWithValues: properties.map { key, value in
                (key, apply(to: value, path: path.isEmpty ? key : "\(path).\(key)"))
            }))
            object["additionalProperties"] = false
        }
        if let items = object["items"] {
            object["items"] = apply(to: items, path: "\(path)[]")
        }
        return .object(object)
    }
}
