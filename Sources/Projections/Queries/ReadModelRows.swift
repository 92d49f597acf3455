public import Foundation

/// A product as served by queries.
public struct ProductView: Codable, Sendable, Hashable {
    public var sku: String
    public var name: String
    public var description: String
    public var priceMinor: Int64
    public var currency: String
    public var categorySlug: String
    public var categoryName: String?
    public var status: String
    public var availableStock: Int64
    public var version: Int64
    public var createdAt: Date
    public var updatedAt: Date
}

/// A SKU's stock levels.
public struct StockView: Codable, Sendable, Hashable {
    public var sku: String
    public var onHand: Int64
    public var reserved: Int64
    public var available: Int64
    public var lastMovement: String
    public var lastMovementAt: Date
    public var version: Int64
}

/// A category with its number of active products.
public struct CategoryView: Codable, Sendable, Hashable {
    public var slug: String
    public var name: String
    public var parentSlug: String?
    public var activeProductCount: Int64
}

/// A user (never the password hash).
public struct UserView: Codable, Sendable, Hashable {
    public var id: UUID
    public var email: String
    public var name: String
    public var role: String
    public var status: String
    public var orderCount: Int64
    public var totalSpentMinor: Int64
    public var registeredAt: Date
    public var version: Int64
}

/// An order with its lines (JSON array as stored).
public struct OrderView: Codable, Sendable, Hashable {
    public var id: UUID
    public var customerId: UUID
    public var status: String
    public var linesJSON: String
    public var totalMinor: Int64
    public var currency: String
    public var placedAt: Date
    public var paidAt: Date?
    public var shippedAt: Date?
    public var cancelledAt: Date?
    public var version: Int64
}

/// A page of results and the cursor of the next page (`nil` on the last page).
public struct ReadModelPage<Item: Sendable & Hashable>: Sendable, Hashable {
    public var items: [Item]
    public var nextCursor: String?
}
