extension CategoriesProjection {
    /// The category list, whenever any handled event was applied.
    public func cacheChange(of events: [ProjectionEvent]) -> ReadCacheChange {
        events.contains { handledEventTypes.contains($0.recorded.type) } ? .keys([.categories]) : .none
    }
}
