import NexusEvents

extension ProductsProjection {
    /// The products whose own events or stock moved; every product when a category was created
    /// or renamed (its name is copied into each product of the category).
    public func cacheChange(of events: [ProjectionEvent]) -> ReadCacheChange {
        var keys = Set<ReadCacheKey>()
        for event in events {
            switch event.event {
            case .categoryCreated, .categoryRenamed: return .all
            case .productCreated(let e): keys.insert(.product(e.sku))
            case .productRenamed(let e): keys.insert(.product(e.sku))
            case .productDescriptionChanged(let e): keys.insert(.product(e.sku))
            case .productPriceChanged(let e): keys.insert(.product(e.sku))
            case .productRecategorized(let e): keys.insert(.product(e.sku))
            case .productDiscontinued(let e): keys.insert(.product(e.sku))
            default: if let movement = StockMovement(event.event) { keys.insert(.product(movement.sku)) }
            }
        }
        return .keys(keys)
    }
}
