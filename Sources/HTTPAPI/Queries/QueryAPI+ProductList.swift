import NexusDomain
import NexusEvents
import Projections

extension QueryAPI {
    /// The prices `minPrice` and `maxPrice` may name, in minor units (no product costs more).
    static let prices: ClosedRange<Int64> = 0...Validator.Limits.priceMinor
    /// The longest `q` (a text search) accepted.
    static let maxSearchLength = 100

    /// The URL parameters of `GET /products` besides paging: the server reads exactly these.
    static let productListParameters: [QueryParameterDoc] = [
        .text("category", maxLength: QueryParameters.maxTextLength, "Only products of this category slug"),
        QueryParameterDoc(
            "status", schema: ["type": "string", "enum": .array(productStatuses.map { .string($0) })], "Only products with this status"),
        .integer("minPrice", in: prices, "Only products costing at least this many minor units (at most `maxPrice`)"),
        .integer("maxPrice", in: prices, "Only products costing at most this many minor units"),
        QueryParameterDoc("inStock", schema: ["type": "boolean"], "`true`: only products with available stock; `false`: only those without"),
        .text("q", maxLength: maxSearchLength,
              "Full-text search in name (weighted higher) and description, English stemming, web-search syntax "
                + "(words, \"a phrase\", `or`, `-word`); ordered by relevance unless `sort` says otherwise"),
        QueryParameterDoc(
            "sort", schema: ["type": "string", "enum": .array(ProductSort.all.map { .string($0.name) })],
            "The order: `sku` (default without `q`), `price`, `name` (case-insensitive), `created`; `-` in front for descending "
                + "(`-created` is newest first); `relevance` (default with `q`, best match first) needs `q`. Ties are broken by SKU"),
    ]

    /// The filter and the order a product list request asks for.
    static func productList(_ parameters: inout QueryParameters) -> (ProductFilter, ProductSort) {
        var filter = ProductFilter()
        filter.category = parameters.text("category")
        filter.status = parameters.choice("status", productStatuses)
        filter.minPrice = parameters.integer("minPrice", in: prices)
        filter.maxPrice = parameters.integer("maxPrice", in: prices)
        filter.inStock = parameters.boolean("inStock")
        filter.text = parameters.text("q", maxLength: maxSearchLength)
        if let minimum = filter.minPrice, let maximum = filter.maxPrice, minimum > maximum {
            parameters.refuse("minPrice", code: "out_of_range", "must not exceed maxPrice (\(maximum))")
        }
        var sort = filter.text == nil ? ProductSort(.sku) : ProductSort(.relevance, descending: true)
        if let name = parameters.choice("sort", ProductSort.all.map(\.name)), let chosen = ProductSort(name: name) {
            if chosen.key == .relevance, filter.text == nil {
                parameters.refuse("sort", code: "needs_search", "relevance orders a text search: pass q")
            }
            sort = chosen
        }
        return (filter, sort)
    }
}

extension QueryParameters {
    /// The key of a product list's `cursor`, if it was made for `sort` and `filter`.
    mutating func productCursor(sort: ProductSort, filter: ProductFilter) -> ProductKey? {
        guard let text = value("cursor") else { return nil }
        do {
            return try ProductPageCursor.decode(text, sort: sort, filter: filter)
        } catch {
            refuse("cursor", code: error.code, error.message)
            return nil
        }
    }
}
