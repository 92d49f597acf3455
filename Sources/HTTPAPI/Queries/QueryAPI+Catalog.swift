import Hummingbird
import NexusEvents
import Projections

extension QueryAPI {
    static let productStatuses = ["active", "discontinued"]
    static let anyRole = "any authenticated role (admin, customer, auditor)"
    /// The values `below` may take.
    static let stockThresholds = Int64.min...Int64.max

    func registerCatalogRoutes(on builder: APIBuilder) {
        let products = ProductsProjection()
        let stock = StockProjection()
        builder.add(.readModel(
            "/products",
            "Products, filtered by category, status, price range, stock and a ranked text search, in any of the sort orders, with keyset cursor paging",
            access: Self.anyRole, schema: Self.schema(Page<ProductView>.self), single: false,
            parameters: Self.productListParameters + RouteDoc.paging(configuration)
        )) { request, context in
            _ = try context.require(.admin, .customer, .auditor)
            var parameters = QueryParameters(request)
            let (filter, sort) = Self.productList(&parameters)
            let limit = parameters.limit(max: configuration.maxLimit, fallback: configuration.defaultLimit)
            let key = parameters.productCursor(sort: sort, filter: filter)
            try parameters.check()
            let position = try await readPosition(request, [products])
            let page = try await queries.products(filter, sort: sort, after: key, limit: limit)
            let next = page.next.map { ProductPageCursor.encode($0, sort: sort, filter: filter) }
            return try Self.respond(Page(items: page.items, nextCursor: next), readPosition: position)
        }
        builder.add(.readModel(
            "/products/{sku}", "One product", access: Self.anyRole, schema: Self.schema(ProductView.self), single: true
        )) { request, context in
            _ = try context.require(.admin, .customer, .auditor)
            let sku = try Self.parameter("sku", context)
            return try await cached(request, .product(sku), from: products, notFound: "no product \(sku)") {
                try await queries.product(sku: sku)
            }
        }
        builder.add(.readModel(
            "/stock/{sku}", "Stock levels of one SKU", access: Self.anyRole, schema: Self.schema(StockView.self), single: true
        )) { request, context in
            _ = try context.require(.admin, .customer, .auditor)
            let sku = try Self.parameter("sku", context)
            return try await cached(request, .stock(sku), from: stock, notFound: "no stock for \(sku)") {
                try await queries.stock(sku: sku)
            }
        }
        builder.add(.readModel(
            "/stock", "SKUs whose available stock is below `below`, by SKU with cursor paging",
            access: Self.anyRole, schema: Self.schema(Page<StockView>.self), single: false,
            parameters: [.integer("below", in: Self.stockThresholds, "The threshold of available stock", required: true)]
                + RouteDoc.paging(configuration)
        )) { request, context in
            _ = try context.require(.admin, .customer, .auditor)
            var parameters = QueryParameters(request)
            let below = parameters.integer("below", in: Self.stockThresholds)
            if below == nil, parameters.errors.isEmpty { parameters.missing("below") }
            let limit = parameters.limit(max: configuration.maxLimit, fallback: configuration.defaultLimit)
            let cursor = parameters.cursor()
            try parameters.check()
            let position = try await readPosition(request, [stock])
            let page = try await queries.stock(below: below ?? 0, after: cursor, limit: limit)
            return try Self.respond(Page(items: page.items, nextCursor: PageCursor.encode(page.nextCursor)), readPosition: position)
        }
        builder.add(.readModel(
            "/categories", "Every category with its number of active products, by slug",
            access: Self.anyRole, schema: Self.schema([CategoryView].self), single: false
        )) { request, context in
            _ = try context.require(.admin, .customer, .auditor)
            return try await cached(request, .categories, from: CategoriesProjection(), tagged: false) {
                try await queries.categories()
            }
        }
    }

    /// The JSON Schema of a response type.
    static func schema<T: Decodable>(_ type: T.Type) -> JSONValue {
        (try? SchemaInference.schema(of: type)) ?? ["type": "object"]
    }
}
