/// Every read model of Nexus.
public enum ProjectionCatalog {
    /// All projections, in a stable order.
    public static let all: [any Projection] = [
        ProductsProjection(), StockProjection(), UsersProjection(), OrdersProjection(), CategoriesProjection(),
    ]

    /// The projection called `name`.
    public static func named(_ name: String) throws(ProjectionError) -> any Projection {
        guard let projection = all.first(where: { $0.name == name }) else {
            throw ProjectionError(.unknownProjection, "no projection named \(name); known: \(all.map(\.name).joined(separator: ", "))")
        }
        return projection
    }
}
