/// What a user may do: administer the shop, place orders, or read history.
public enum UserRole: String, Codable, Sendable, CaseIterable, SchemaEnumeration {
    case admin
    case customer
    case auditor
}
