/// A string enumeration that appears in the event contract as a JSON Schema `enum`.
public protocol SchemaEnumeration: CaseIterable, RawRepresentable<String>, Codable, Sendable {}
