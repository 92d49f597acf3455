public import Foundation

/// Stream naming: `<category>-<id>`.
public enum Streams {
    /// `user-<uuid>` (lower-case UUID).
    public static func user(_ id: UUID) -> String { "user-\(id.uuidString.lowercased())" }
    /// `useremail-<reservation key>`: the reservation stream that makes emails unique.
    ///
    /// Appending to it with expected version "no stream", atomically with the registration,
    /// lets the event store refuse a second user with the same email. The key is a keyed hash
    /// of the normalised email (reservations written before version 2 used the email itself).
    public static func userEmail(reservationKey: String) -> String { "useremail-\(reservationKey)" }
    /// `roster-admins`: the active administrators (see `AdminRosterChanged`). Every change of who
    /// is an active admin is appended to it, checked by version, with the user's own event.
    public static let adminRoster = "roster-admins"
    /// `category-<slug>`.
    public static func category(_ slug: String) -> String { "category-\(slug)" }
    /// `product-<SKU>`; SKUs are unique because the stream is created with "no stream".
    public static func product(_ sku: String) -> String { "product-\(sku)" }
    /// `inventory-<SKU>`.
    public static func inventory(_ sku: String) -> String { "inventory-\(sku)" }
    /// `order-<uuid>` (lower-case UUID).
    public static func order(_ id: UUID) -> String { "order-\(id.uuidString.lowercased())" }

    /// The canonical form of an email: trimmed and lower-cased.
    public static func normalizedEmail(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// The category part of a stream name (`order` for `order-…`).
    public static func category(of stream: String) -> String {
        String(stream.prefix { $0 != "-" })
    }
}
