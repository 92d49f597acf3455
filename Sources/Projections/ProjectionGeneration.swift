/// One generation of a projection's tables: schema `read_<name>_g<N>`.
public struct ProjectionGeneration: Sendable, Hashable {
    /// The projection's name.
    public var projection: String
    /// The generation number, 1, 2, 3…
    public var number: Int

    public init(projection: String, number: Int) {
        self.projection = projection
        self.number = number
    }

    /// The schema holding this generation's tables.
    public var schema: SQLIdentifier {
        // Projection names are plain identifiers, so this is always valid.
        SQLIdentifier("read_\(projection)_g\(number)")!
    }
}
