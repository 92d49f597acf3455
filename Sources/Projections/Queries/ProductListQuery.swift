import PostgresNIO

/// The statement behind one page of a product list: only the conditions the filter sets, the
/// keyset condition of the sort, and an `ORDER BY` an index of ``ProductsProjection`` serves, so
/// each shape is planned for its own index (`ProductListPlanTests` checks them with `EXPLAIN`).
struct ProductListQuery {
    /// The text-search configuration of `products.search`: the query must use the same.
    static let textSearchConfiguration = "english"

    let filter: ProductFilter
    /// The order; relevance without a text search is the order by SKU.
    let sort: ProductSort
    let after: ProductKey?
    let limit: Int

    init(filter: ProductFilter, sort: ProductSort, after: ProductKey?, limit: Int) {
        self.filter = filter
        self.sort = sort.key == .relevance && filter.text == nil ? ProductSort(.sku) : sort
        self.after = after
        self.limit = limit
    }

    /// The columns ``ProductView/init(row:)`` decodes, then the sort value.
    var sql: PostgresQuery {
        var binds = PostgresBindings()
        func bind(_ value: some PostgresNonThrowingEncodable) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        var conditions: [String] = []
        var search: String?
        if let text = filter.text {
            search = "websearch_to_tsquery('\(Self.textSearchConfiguration)', \(bind(text)))"
            conditions.append("search @@ \(search!)")
        }
        if let category = filter.category { conditions.append("category_slug = \(bind(category))") }
        if let status = filter.status { conditions.append("status = \(bind(status))") }
        if let minimum = filter.minPrice { conditions.append("price_minor >= \(bind(minimum))") }
        if let maximum = filter.maxPrice { conditions.append("price_minor <= \(bind(maximum))") }
        if let inStock = filter.inStock { conditions.append(inStock ? "available_stock > 0" : "available_stock <= 0") }
        let key = Self.keyExpression(sort.key, search: search ?? "NULL::tsquery")
        let comparison = sort.descending ? "<" : ">"
        if let after {
            switch after.value {
            case .none: conditions.append("sku \(comparison) \(bind(after.sku))")
            case .integer(let value) where sort.key == .created:
                conditions.append("(created_at, sku) \(comparison) (\(bind(Microseconds(sinceEpoch: value))), \(bind(after.sku)))")
            case .integer(let value): conditions.append("(\(key), sku) \(comparison) (\(bind(value)), \(bind(after.sku)))")
            case .text(let value): conditions.append("(\(key), sku) \(comparison) (\(bind(value)), \(bind(after.sku)))")
            case .rank(let value): conditions.append("(\(key), sku) \(comparison) (\(bind(value))::real, \(bind(after.sku)))")
            }
        }
        let direction = sort.descending ? " DESC" : ""
        let order = sort.key == .sku ? "sku\(direction)" : "\(key)\(direction), sku\(direction)"
        let statement = """
            SELECT sku, name, description, price_minor, currency, category_slug, category_name, status, available_stock,
                   version, created_at, updated_at, \(key) FROM read.products
            \(conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
             ORDER BY \(order) LIMIT \(bind(Int64(limit)))
            """
        return PostgresQuery(unsafeSQL: statement, binds: binds)
    }

    /// The SQL expression products are ordered by under `key` (besides the SKU).
    static func keyExpression(_ key: ProductSort.Key, search: String) -> String {
        switch key {
        case .sku: "sku"
        case .price: "price_minor"
        case .name: "lower(name)"
        case .created: "created_at"
        case .relevance: "ts_rank(search, \(search))"
        }
    }

    /// The key of a row this statement returned.
    func key(of row: PostgresRow, product: ProductView) throws -> ProductKey {
        let value: ProductKey.Value = switch sort.key {
        case .sku: .none
        case .price: .integer(product.priceMinor)
        case .created: .integer(try row.makeRandomAccess()[12].decode(Microseconds.self).sinceEpoch)
        case .name: .text(try row.makeRandomAccess()[12].decode(String.self))
        case .relevance: .rank(try row.makeRandomAccess()[12].decode(Float.self))
        }
        return ProductKey(value: value, sku: product.sku)
    }
}
