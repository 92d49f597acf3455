/// One line of an order: a SKU, a quantity and the unit price when the order was placed.
public struct OrderLine: Codable, Sendable, Hashable {
    /// The SKU ordered.
    public var sku: String
    /// Units ordered (> 0).
    public var quantity: Int
    /// The product's price when the order was placed.
    public var unitPrice: Money

    /// Creates a line.
    public init(sku: String, quantity: Int, unitPrice: Money) {
        self.sku = sku
        self.quantity = quantity
        self.unitPrice = unitPrice
    }
}
