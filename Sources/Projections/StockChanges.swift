/// The stock movements of a batch folded per SKU: summed deltas and the last movement.
struct StockChanges: Sendable {
    struct Level: Sendable {
        var onHand: Int64 = 0
        var reserved: Int64 = 0
        var lastKind = ""
        var lastAt: Int64 = 0
        var lastVersion: Int64 = 0
    }

    /// SKUs in order of first movement.
    private(set) var skus: [String] = []
    private(set) var levels: [String: Level] = [:]

    var isEmpty: Bool { skus.isEmpty }

    /// Folds `event` in when it moves stock; `false` for other events.
    mutating func add(_ event: ProjectionEvent) -> Bool {
        guard let movement = StockMovement(event.event) else { return false }
        if levels[movement.sku] == nil { skus.append(movement.sku) }
        levels[movement.sku, default: Level()].onHand += movement.onHand
        levels[movement.sku, default: Level()].reserved += movement.reserved
        levels[movement.sku]?.lastKind = movement.kind
        levels[movement.sku]?.lastAt = event.at
        levels[movement.sku]?.lastVersion = event.version
        return true
    }

    /// The levels in ``skus`` order.
    var orderedLevels: [Level] { skus.map { levels[$0] ?? Level() } }
}
