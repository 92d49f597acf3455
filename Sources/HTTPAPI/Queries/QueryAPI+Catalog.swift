import Hummingbird
import NexusEvents
import Projections

extension QueryAPI {
    static let readErrors = [400, 401, 403, 429, 503]
    static let singleErrors = [400, 401, 403, 404, 429, 503]
    static let productStatuses = ["active", "discontinued"]
    static let anyRole = "any authenticated role (admin, customer, auditor)"

    func registerCatalogRoutes(on builder: APIBuilder) {
        let products = ProductsProjection()
        let stock = StockProjection()
        builder.add(RouteDoc(
            .get, "/products", summary: "Products, filtered by category, status and text in the name (q), by SKU with cursor paging",
            tag: "queries", access: Self.anyRole, success: (200, Self.schema(Page<ProductView>.self)), errors: Self.readErrors
        )) { request, context in
            _ = try context.require(.admin, .customer, .auditor)
            var parameters = QueryParameters(request)
            let category = parameters.text("category")
            let status = parameters.choice("status", Self.productStatuses)
            let text = parameters.text("q", maxLength: 100)
            let limit = parameters.limit(max: configuration.maxLimit, fallback: configuration.defaultLimit)
            let cursor = parameters.cursor()
            try parameters.check()
            let position = try await readPosition(request, [products])
            let page = try await queries.products(category: category, status: status, nameContains: text, after: cursor, limit: limit)
            return Self.respond(Page(items: page.items, nextCursor: PageCursor.encode(page.nextCursor)), readPosition: position)
        }
        builder.add(RouteDoc(
            .get, "/products/{sku}", summary: "One product (ETag / If-None-Match)",
            tag: "queries", access: Self.anyRole, success: (200, Self.schema(ProductView.self)), errors: Self.singleErrors
        )) { request, context in
            _ = try context.require(.admin, .customer, .auditor)
            let sku = try Self.parameter("sku", context)
            let position = try await readPosition(request, [products])
            guard let product = try await queries.product(sku: sku) else { throw Problem.notFound("no product \(sku)") }
            return Self.respondSingle(product, readPosition: position, request: request)
        }
        builder.add(RouteDoc(
            .get, "/stock/{sku}", summary: "Stock levels of one SKU (ETag / If-None-Match)",
            tag: "queries", access: Self.anyRole, success: (200, Self.schema(StockView.self)), errors: Self.singleErrors
        )) { request, context in
            _ = try context.require(.admin, .customer, .auditor)
            let sku = try Self.parameter("sku", context)
            let position = try await readPosition(request, [stock])
            guard let view = try await queries.stock(sku: sku) else { throw Problem.notFound("no stock for \(sku)") }
            return Self.respondSingle(view, readPosition: position, request: request)
        }
        builder.add(RouteDoc(
            .get, "/stock", summary: "SKUs whose available stock is below `below`, by SKU with cursor paging",
            tag: "queries", access: Self.anyRole, success: (200, Self.schema(Page<StockView>.self)), errors: Self.readErrors
        )) { request, context in
            _ = try context.require(.admin, .customer, .auditor)
            var parameters = QueryParameters(request)
            let below = parameters.integer("below", in: Int64.min...Int64.max)
            if below == nil, parameters.errors.isEmpty { parameters.missing("below") }
            let limit = parameters.limit(max: configuration.maxLimit, fallback: configuration.defaultLimit)
            let cursor = parameters.cursor()
            try parameters.check()
            let position = try await readPosition(request, [stock])
            let page = try await queries.stock(below: below ?? 0, after: cursor, limit: limit)
            return Self.respond(Page(items: page.items, nextCursor: PageCursor.encode(page.nextCursor)), readPosition: position)
        }
        builder.add(RouteDoc(
            .get, "/categories", summary: "Every category with its number of active products, by slug",
            tag: "queries", access: Self.anyRole, success: (200, Self.schema([CategoryView].self)), errors: Self.readErrors
        )) { request, context in
            _ = try context.require(.admin, .customer, .auditor)
            let position = try await readPosition(request, [CategoriesProjection()])
            return Self.respond(try await queries.categories(), readPosition: position)
        }
    }

    /// The JSON Schema of a response type.
    static func schema<T: Decodable>(_ type: T.Type) -> JSONValue {
        (try? SchemaInference.schema(of: type)) ?? ["type": "object"]
    }
}
