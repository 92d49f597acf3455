extension StockProjection {
    /// The SKUs whose stock moved.
    public func cacheChange(of events: [ProjectionEvent]) -> ReadCacheChange {
        .keys(Set(events.compactMap { StockMovement($0.event).map { ReadCacheKey.stock($0.sku) } }))
    }
}
