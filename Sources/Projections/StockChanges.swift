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
    /// The levels in ``skus`` order.
    private(set) var orderedLevels: [Level] = []
    /// Index of each SKU in ``skus``.
    private var indices: [String: Int] = [:]

    var isEmpty: Bool { skus.isEmpty }

    /// Folds `event` in when it moves stock; `false` for other events. Sums wrap rather than
    /// trap (stored quantities are range-checked when decided; a worker must survive any).
    mutating func add(_ event: ProjectionEvent) -> Bool {
        guard let movement = StockMovement(event.event) else { return false }
        let index: Int
        if let known = indices[movement.sku] {
            index = known
        } else {
            index = skus.count
            indices[movement.sku] = index
            skus.append(movement.sku)
            orderedLevels.append(Level())
        }
        orderedLevels[index].onHand &+= movement.onHand
        orderedLevels[index].reserved &+= movement.reserved
        orderedLevels[index].lastKind = movement.kind
        orderedLevels[index].lastAt = event.at
        orderedLevels[index].lastVersion = event.version
        return true
    }
}
