import Foundation
import Hummingbird
import NexusDomain
import NexusEvents

extension CommandAPI {
    func registerCatalogRoutes(on builder: APIBuilder) {
        builder.add(.command(
            .post, "/categories", "Create a category",
            tag: "catalog", access: "admin", body: CreateCategoryRequest.self, status: 201
        )) { request, context in
            _ = try context.require(.admin)
            let body = try await body(CreateCategoryRequest.self, request)
            let stream = Streams.category(body.slug)
            return try await run(request, context, stream: stream, status: .created) { reader in
                let parent = try await body.parentSlug.asyncMap {
                    try await reader.fold(Streams.category($0), CategoryDecider.initialState, CategoryDecider.evolve)
                }
                return try CategoryDecider.decide(
                    .create(slug: body.slug, name: body.name, parentSlug: body.parentSlug),
                    try await reader.fold(stream, CategoryDecider.initialState, CategoryDecider.evolve),
                    parent: parent ?? CategoryDecider.initialState)
            }
        }
        builder.add(.command(
            .patch, "/categories/{slug}", "Rename a category",
            tag: "catalog", access: "admin", body: RenameCategoryRequest.self
        )) { request, context in
            _ = try context.require(.admin)
            let slug = try parameter("slug", context)
            let body = try await body(RenameCategoryRequest.self, request)
            let stream = Streams.category(slug)
            return try await run(request, context, stream: stream) { reader in
                try CategoryDecider.decide(
                    .rename(name: body.name), try await reader.fold(stream, CategoryDecider.initialState, CategoryDecider.evolve))
            }
        }
        registerProductRoutes(on: builder)
    }

    private func registerProductRoutes(on builder: APIBuilder) {
        builder.add(.command(
            .post, "/products", "Create a product in an existing category (SKUs are unique)",
            tag: "catalog", access: "admin", body: CreateProductRequest.self, status: 201
        )) { request, context in
            _ = try context.require(.admin)
            let body = try await body(CreateProductRequest.self, request)
            return try await productCommand(
                body.sku, .create(sku: body.sku, name: body.name, description: body.description, price: body.price,
                                  categorySlug: body.categorySlug),
                category: body.categorySlug, request, context, status: .created)
        }
        builder.add(.command(
            .patch, "/products/{sku}", "Change a product's name, description, price or category",
            tag: "catalog", access: "admin", body: UpdateProductRequest.self
        )) { request, context in
            _ = try context.require(.admin)
            let sku = try parameter("sku", context)
            let body = try await body(UpdateProductRequest.self, request)
            let changes = ProductChanges(
                name: body.name, description: body.description, price: body.price, categorySlug: body.categorySlug)
            return try await productCommand(sku, .update(changes), category: body.categorySlug, request, context)
        }
        builder.add(.command(.post, "/products/{sku}/discontinue", "Discontinue a product", tag: "catalog", access: "admin")) { request, context in
            _ = try context.require(.admin)
            return try await productCommand(try parameter("sku", context), .discontinue(at: Date()), category: nil, request, context)
        }
    }

    private func productCommand(
        _ sku: String, _ productCommand: ProductCommand, category slug: String?,
        _ request: Request, _ context: NexusRequestContext, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let stream = Streams.product(sku)
        return try await run(request, context, stream: stream, status: status) { reader in
            let category = try await slug.asyncMap {
                try await reader.fold(Streams.category($0), CategoryDecider.initialState, CategoryDecider.evolve)
            }
            return try ProductDecider.decide(
                productCommand, try await reader.fold(stream, ProductDecider.initialState, ProductDecider.evolve),
                category: category ?? CategoryDecider.initialState)
        }
    }

    /// Runs a command on `stream` and answers with its result (`Location` on 201).
    func run(
        _ request: Request, _ context: NexusRequestContext, stream: String,
        status: HTTPResponse.Status = .ok, decide: @escaping @Sendable (StreamReader) async throws -> [NexusEvent]
    ) async throws -> Response {
        let result = try await executor.execute(try command(request, context), stream: stream, decide: decide)
        var response = try Self.respond(result, status: status)
        if status == .created { response.headers[.location] = "\(request.uri.path)/\(result.id)" }
        return response
    }
}
