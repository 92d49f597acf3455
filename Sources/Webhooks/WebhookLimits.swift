/// The limits on a webhook registration, defined once for the server, the OpenAPI document and
/// the request-body fuzz target (which compiles this file alone: it imports nothing).
public enum WebhookLimits {
    /// The longest URL accepted, in bytes (2,048).
    public static let maximumURLBytes = 2048
    /// The most event types a webhook may name (100).
    public static let maximumEventTypes = 100
    /// The longest event type name accepted in a request (100).
    public static let maximumEventTypeLength = 100
}
