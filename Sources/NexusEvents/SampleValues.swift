import Foundation

/// Fixed values for the contract samples, so generated files are stable.
enum SampleValues {
    static let userId = UUID(uuidString: "3F2504E0-4F89-11D3-9A0C-0305E82C3301")!
    static let orderId = UUID(uuidString: "9B2D7A3C-1E4F-4A5B-8C6D-7E8F9A0B1C2D")!
    static let time = Date(timeIntervalSince1970: 1_795_000_000)
    static let email = "alice@example.com"
    /// A sealed personal field as stored and published (``PersonalDataEnvelope``).
    static let sealedEmail = "pd1.3f2504e0-4f89-11d3-9a0c-0305e82c3301.q1Xb0mM5v8kX2TqZp0cH3w7mYt9uRl1s4EoF6gNnJ2aKdVhWiBxCyUzQe"
    static let sealedName = "pd1.3f2504e0-4f89-11d3-9a0c-0305e82c3301.Zr8Lm2Qa5TnYc1Vw7Xk0pJsHd4Gf6Eb9RuIoAlNtMy"
    /// A reservation key: HMAC-SHA-256 (hex) of a normalised email.
    static let reservationKey = "5b0e4f2ad1c3978e6f0b2a4c8d1e3f5a7b9c0d2e4f6a8b0c1d3e5f7a9b2c4d6e"
    static let sku = "SKU-1001"
    static let slug = "kitchen"
    static let price = Money(amountMinor: 1999, currency: "EUR")
}
