import Foundation

/// Fixed values for the contract samples, so generated files are stable.
enum SampleValues {
    static let userId = UUID(uuidString: "3F2504E0-4F89-11D3-9A0C-0305E82C3301")!
    static let orderId = UUID(uuidString: "9B2D7A3C-1E4F-4A5B-8C6D-7E8F9A0B1C2D")!
    static let time = Date(timeIntervalSince1970: 1_795_000_000)
    static let email = "alice@example.com"
    static let sku = "SKU-1001"
    static let slug = "kitchen"
    static let price = Money(amountMinor: 1999, currency: "EUR")
}
