import EventStore
import Foundation
import NexusEvents
import Projections

/// A page of a list and the opaque cursor of the next page (absent on the last page).
struct Page<Item: Codable & Sendable>: Codable, Sendable {
    var items: [Item]
    var nextCursor: String?
}

/// A user as served (never the password hash), ids in lower case like the command API's.
struct UserResponse: Codable, Sendable {
    var id: String
    var email: String
    var name: String
    var role: String
    var status: String
    var orderCount: Int64
    var totalSpentMinor: Int64
    var registeredAt: Date
    var version: Int64

    init(_ view: UserView) {
        id = view.id.uuidString.lowercased()
        email = view.email
        name = view.name
        role = view.role
        status = view.status
        orderCount = view.orderCount
        totalSpentMinor = view.totalSpentMinor
        registeredAt = view.registeredAt
        version = view.version
    }
}

/// An order as served: its lines as JSON, ids in lower case.
struct OrderResponse: Codable, Sendable {
    var id: String
    var customerId: String
    var status: String
    var lines: [JSONValue]
    var totalMinor: Int64
    var currency: String
    var placedAt: Date
    var paidAt: Date?
    var shippedAt: Date?
    var cancelledAt: Date?
    var version: Int64

    init(_ view: OrderView) {
        id = view.id.uuidString.lowercased()
        customerId = view.customerId.uuidString.lowercased()
        status = view.status
        lines = (try? JSONDecoder().decode([JSONValue].self, from: Data(view.linesJSON.utf8))) ?? []
        totalMinor = view.totalMinor
        currency = view.currency
        placedAt = view.placedAt
        paidAt = view.paidAt
        shippedAt = view.shippedAt
        cancelledAt = view.cancelledAt
        version = view.version
    }
}

/// One stored event, as auditors read it.
struct EventResponse: Codable, Sendable {
    var id: String
    var stream: String
    var version: Int64
    var position: Int64
    var type: String
    var schemaVersion: Int
    var recordedAt: Date
    var data: JSONValue
    var metadata: EventMetadata
    /// Hex SHA-256 of the hash chain.
    var hash: String?

    init(_ event: RecordedEvent) {
        id = event.id.uuidString.lowercased()
        stream = event.stream.rawValue
        version = event.version
        position = event.position
        type = event.type
        schemaVersion = event.schemaVersion
        recordedAt = event.recordedAt
        data = (try? JSONDecoder().decode(JSONValue.self, from: event.data)) ?? .object([:])
        metadata = event.metadata
        hash = event.hash
    }
}

/// A page of history: events in order and where the next page starts.
struct EventPage: Codable, Sendable {
    var events: [EventResponse]
    /// For `/events`: pass as `after` for the next page. For stream reads: pass as `from`.
    var next: Int64
}
