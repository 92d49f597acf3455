extension Array where Element == Double {
    /// The median of repeated measurements (the mean of the middle two for an even count; NaN when empty).
    package var median: Double {
        let sorted = self.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
