public import NexusEvents

/// Collects field errors; ``check()`` throws them all at once as one validation error.
public struct Validator: Sendable {
    /// The problems found so far.
    public private(set) var errors: [FieldError] = []

    /// Limits every command shares.
    public enum Limits {
        /// Longest name (users, categories, products), in characters.
        public static let name = 200
        /// Longest product description.
        public static let description = 2000
        /// Longest free-text reason or note.
        public static let reason = 500
        /// Longest email (it also names the reservation stream, which the store caps at 200 bytes).
        public static let email = 180
        /// Longest SKU or category slug.
        public static let identifier = 64
        /// Largest quantity in one command.
        public static let quantity = 100_000
        /// Largest price, in minor units (10 million major units at two decimals).
        public static let priceMinor: Int64 = 1_000_000_000
        /// Most lines in one order.
        public static let orderLines = 50
        /// Password length in UTF-8 bytes (bcrypt reads at most 72).
        public static let password = 8...72
    }

    /// Creates an empty validator.
    public init() {}

    /// Records a problem.
    public mutating func fail(_ field: String, _ code: String, _ message: String) {
        errors.append(FieldError(field: field, code: code, message: message))
    }

    /// Throws a `validationFailed` error if anything was recorded.
    public func check() throws(DomainError) {
        guard errors.isEmpty else {
            throw DomainError(.validationFailed, "the request has invalid fields", details: errors)
        }
    }

    /// Non-blank text of at most `max` characters (Unicode scalars, as JSON Schema's `maxLength`
    /// counts them) without control characters.
    public mutating func text(_ value: String, field: String, max: Int) {
        if value.allSatisfy(\.isWhitespace) {
            fail(field, "blank", "must not be blank")
        } else if value.unicodeScalars.count > max {
            fail(field, "too_long", "must be at most \(max) characters")
        } else if TextRules.containsControlCharacters(value) {
            fail(field, "control_characters", "must not contain control characters")
        }
    }

    /// Text that may be empty, of at most `max` characters without control characters.
    public mutating func optionalText(_ value: String, field: String, max: Int) {
        if !value.isEmpty { text(value, field: field, max: max) }
    }

    /// A SKU: 1–64 of `A-Z a-z 0-9 _ . -`, starting with a letter or digit.
    public mutating func sku(_ value: String, field: String) {
        identifier(value, field: field, allowed: Self.isSKUCharacter, rule: "letters, digits, '_', '.' or '-'")
    }

    /// A category slug: 1–64 of `a-z 0-9 -`, starting with a letter or digit.
    public mutating func slug(_ value: String, field: String) {
        identifier(value, field: field, allowed: Self.isSlugCharacter, rule: "lower-case letters, digits or '-'")
    }

    /// A plausible ASCII email: one `@`, a dotted domain, no spaces, at most 180 characters.
    public mutating func email(_ value: String, field: String) {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        let valid = value.count <= Limits.email && parts.count == 2 && !parts[0].isEmpty
            && parts[1].contains(".") && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
            && value.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
        if !valid { fail(field, "invalid_email", "must be an email address") }
    }

    /// A price: a valid ISO 4217 code and 1 … 1 000 000 000 minor units.
    public mutating func price(_ value: Money, field: String) {
        currency(value.currency, field: "\(field).currency")
        if value.amountMinor <= 0 || value.amountMinor > Limits.priceMinor {
            fail("\(field).amountMinor", "out_of_range", "must be between 1 and \(Limits.priceMinor)")
        }
    }

    /// An active ISO 4217 code.
    public mutating func currency(_ code: String, field: String) {
        if !CurrencyCode.isValid(code) { fail(field, "invalid_currency", "must be an ISO 4217 currency code") }
    }

    /// A quantity of 1 … 100 000.
    public mutating func quantity(_ value: Int, field: String) {
        if value < 1 || value > Limits.quantity {
            fail(field, "out_of_range", "must be between 1 and \(Limits.quantity)")
        }
    }

    /// A signed stock correction: non-zero, −100 000 … 100 000. Compared, never negated, so
    /// `Int.min` is refused like any other out-of-range value.
    public mutating func delta(_ value: Int, field: String) {
        if value == 0 || value < -Limits.quantity || value > Limits.quantity {
            fail(field, "out_of_range", "must be non-zero and at most \(Limits.quantity) either way")
        }
    }

    /// A password of 8 … 72 UTF-8 bytes without control characters: bcrypt reads a C string of
    /// at most 72 bytes, so a NUL would silently cut the password short and a longer one would
    /// be truncated; both are refused rather than weakened.
    public mutating func password(_ value: String, field: String) {
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            fail(field, "control_characters", "must not contain NUL or other control characters")
        } else if !Limits.password.contains(value.utf8.count) {
            fail(field, "invalid_length", "must be \(Limits.password.lowerBound) to \(Limits.password.upperBound) bytes long (UTF-8)")
        }
    }

    private mutating func identifier(_ value: String, field: String, allowed: (Character) -> Bool, rule: String) {
        guard let first = value.first else {
            return fail(field, "blank", "must not be empty")
        }
        if value.count > Limits.identifier {
            fail(field, "too_long", "must be at most \(Limits.identifier) characters")
        } else if !value.allSatisfy(allowed) || first == "-" || first == "." || first == "_" {
            fail(field, "invalid_format", "must be \(rule), starting with a letter or digit")
        }
    }

    private static func isSKUCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == "." || c == "-")
    }

    private static func isSlugCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLowercase || c.isNumber || c == "-")
    }
}
