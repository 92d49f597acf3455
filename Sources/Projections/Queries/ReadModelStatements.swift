import Foundation
import PostgresNIO

/// The single-resource reads that every read-your-writes request makes, as prepared statements:
/// each connection parses and plans them once instead of per request. Rebuilds re-point the
/// `read` views; PostgreSQL re-plans a prepared statement whose view was replaced.
enum ReadModelStatements {
    /// One product by SKU.
    struct Product: PostgresPreparedStatement {
        static let sql = """
            SELECT sku, name, description, price_minor, currency, category_slug, category_name, status, available_stock,
                   version, updated_at FROM read.products WHERE sku = $1
            """
        typealias Row = ProductView

        var sku: String

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 1)
            bindings.append(sku)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try ProductView(row: row) }
    }

    /// The stock of one SKU.
    struct Stock: PostgresPreparedStatement {
        static let sql = "SELECT sku, on_hand, reserved, available, last_movement, last_movement_at, version FROM read.stock WHERE sku = $1"
        typealias Row = StockView

        var sku: String

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 1)
            bindings.append(sku)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try StockView(row: row) }
    }
}

extension ProductView {
    /// A row of `read.products` in the column order the queries select.
    init(row: PostgresRow) throws {
        let (sku, name, description, price, currency, slug, category, status, available, version, updated) = try row.decode(
            (String, String, String, Int64, String, String, String?, String, Int64, Int64, Date).self)
        self.init(
            sku: sku, name: name, description: description, priceMinor: price, currency: currency, categorySlug: slug,
            categoryName: category, status: status, availableStock: available, version: version, updatedAt: updated)
    }
}

extension StockView {
    /// A row of `read.stock` in the column order the queries select.
    init(row: PostgresRow) throws {
        let (sku, onHand, reserved, available, movement, at, version) = try row.decode((String, Int64, Int64, Int64, String, Date, Int64).self)
        self.init(sku: sku, onHand: onHand, reserved: reserved, available: available, lastMovement: movement, lastMovementAt: at, version: version)
    }
}
