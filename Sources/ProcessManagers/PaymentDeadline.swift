public import Foundation

/// The payload of a payment deadline job: the order to cancel if it is still unpaid.
public struct PaymentDeadline: Codable, Sendable, Hashable {
    /// The order.
    public var orderId: UUID

    /// Creates the payload.
    public init(orderId: UUID) {
        self.orderId = orderId
    }

    /// The job's unique key and the cancel command's idempotency key: one deadline per order,
    /// one cancellation however often the job runs.
    public var key: String { "payment-deadline:\(orderId.uuidString.lowercased())" }
}
