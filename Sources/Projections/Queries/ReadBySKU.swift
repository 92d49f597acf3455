import Foundation
import PostgresNIO

/// A read-model row that can be read by SKU with a prepared statement.
protocol RowBySKU: Sendable {
    /// The query, with the SKU as `$1`, selecting the columns ``init(row:)`` decodes.
    static var selectBySKU: String { get }
    init(row: PostgresRow) throws
}

/// The single-resource read that every read-your-writes request makes, as a prepared statement:
/// each connection parses and plans it once instead of per request. Rebuilds re-point the `read`
/// views; PostgreSQL re-plans a prepared statement whose view was replaced.
struct ReadBySKU<Row: RowBySKU>: PostgresPreparedStatement {
    static var sql: String { Row.selectBySKU }

    var sku: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(sku)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try Row(row: row) }
}

extension ProductView: RowBySKU {
    static let selectBySKU = """
        SELECT sku, name, description, price_minor, currency, category_slug, category_name, status, available_stock,
               version, created_at, updated_at FROM read.products WHERE sku = $1
        """

    /// A row of `read.products` in the column order the queries select.
    init(row: PostgresRow) throws {
        let (sku, name, description, price, currency, slug, category, status, available, version, created, updated) = try row.decode(
            (String, String, String, Int64, String, String, String?, String, Int64, Int64, Date, Date).self)
        self.init(
            sku: sku, name: name, description: description, priceMinor: price, currency: currency, categorySlug: slug,
            categoryName: category, status: status, availableStock: available, version: version, createdAt: created, updatedAt: updated)
    }
}

extension StockView: RowBySKU {
    static let selectBySKU =
        "SELECT sku, on_hand, reserved, available, last_movement, last_movement_at, version FROM read.stock WHERE sku = $1"

    /// A row of `read.stock` in the column order the queries select.
    init(row: PostgresRow) throws {
        let (sku, onHand, reserved, available, movement, at, version) = try row.decode((String, Int64, Int64, Int64, String, Date, Int64).self)
        self.init(sku: sku, onHand: onHand, reserved: reserved, available: available, lastMovement: movement, lastMovementAt: at, version: version)
    }
}
