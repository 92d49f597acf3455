import Foundation
import NexusEvents

/// `POST /orders`. Admins may place an order for another customer with `customerId`.
struct PlaceOrderRequest: Codable, Sendable {
    struct Line: Codable, Sendable {
        var sku: String
        var quantity: Int
    }

    var lines: [Line]
    var customerId: UUID?
}

/// `POST /orders/{id}/pay`.
struct PayOrderRequest: Codable, Sendable {
    var amount: Money
}

/// `POST /orders/{id}/cancel`.
struct CancelOrderRequest: Codable, Sendable {
    var reason: String
}
