public import Foundation
public import NexusEvents

/// What can be asked of an order.
public enum OrderCommand: Sendable, Equatable {
    /// Place an order; needs the product and inventory state of every line (``OrderContext``).
    case place(orderId: UUID, customerId: UUID, lines: [RequestedLine], at: Date)
    /// Pay the order in full.
    case pay(amount: Money, at: Date)
    /// Ship a paid order.
    case ship(at: Date)
    /// Cancel an order that has not shipped.
    case cancel(reason: String, at: Date)
}

/// A line as the customer asks for it; the price comes from the product.
public struct RequestedLine: Sendable, Equatable {
    /// The SKU.
    public var sku: String
    /// Units wanted.
    public var quantity: Int

    /// Creates a line.
    public init(sku: String, quantity: Int) {
        self.sku = sku
        self.quantity = quantity
    }
}

/// The other aggregates an order decision reads: the customer, and products and stock by SKU.
public struct OrderContext: Sendable, Equatable {
    /// The user the order is for (an order is placed only for a registered, active customer).
    public var customer: UserState
    /// Product state by SKU.
    public var products: [String: ProductState]
    /// Inventory state by SKU.
    public var inventory: [String: InventoryState]

    /// Creates a context.
    public init(
        customer: UserState = UserState(), products: [String: ProductState] = [:], inventory: [String: InventoryState] = [:]
    ) {
        self.customer = customer
        self.products = products
        self.inventory = inventory
    }
}
