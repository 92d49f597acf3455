/// An amount of money: integer minor units (cents) and an ISO 4217 currency code. Never floating point.
public struct Money: Codable, Sendable, Hashable {
    /// The amount in the currency's minor unit (e.g. cents for EUR).
    public var amountMinor: Int64
    /// The ISO 4217 alphabetic code, e.g. `EUR`.
    public var currency: String

    /// Creates an amount without validating it; see ``isValidCurrency`` and the domain's checks.
    public init(amountMinor: Int64, currency: String) {
        self.amountMinor = amountMinor
        self.currency = currency
    }

    /// Whether ``currency`` is an active ISO 4217 code.
    public var isValidCurrency: Bool { CurrencyCode.isValid(currency) }
}
