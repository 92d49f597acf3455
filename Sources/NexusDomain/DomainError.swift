/// A command the domain refuses, with a machine-readable code and field-level details.
public struct DomainError: Error, Sendable, Equatable {
    /// Why the command was refused.
    public enum Code: String, Sendable, Equatable {
        /// One or more fields are invalid (see ``details``).
        case validationFailed
        /// The aggregate the command targets does not exist.
        case notFound
        /// The aggregate already exists (or the unique value is taken).
        case alreadyExists
        /// A field references something that does not exist (e.g. an unknown SKU in an order line).
        case unknownReference
        /// The command is not allowed in the aggregate's current state (e.g. ship before pay).
        case invalidTransition
        /// Not enough available stock; ``details`` names each short line.
        case insufficientStock
        /// The change would leave no active administrator.
        case lastActiveAdmin
    }

    /// Why the command was refused.
    public var code: Code
    /// A human-readable summary.
    public var message: String
    /// Field-level problems, if any.
    public var details: [FieldError]

    /// Creates an error.
    public init(_ code: Code, _ message: String, details: [FieldError] = []) {
        self.code = code
        self.message = message
        self.details = details
    }
}

/// One problem with one field; `field` is a JSON path such as `lines[2].quantity`.
public struct FieldError: Sendable, Equatable, Codable {
    /// The JSON path of the field.
    public var field: String
    /// A machine-readable reason, e.g. `too_long`.
    public var code: String
    /// A human-readable explanation.
    public var message: String

    /// Creates a field error.
    public init(field: String, code: String, message: String) {
        self.field = field
        self.code = code
        self.message = message
    }
}
