/// How far a rebuild has got.
public struct RebuildProgress: Sendable, Hashable {
    /// The projection being rebuilt.
    public var projection: String
    /// Events read from the store so far.
    public var eventsDone: Int
    /// The store's head position when the rebuild started (positions may have gaps, so an upper
    /// bound of the number of events).
    public var total: Int
    /// Seconds since the rebuild started.
    public var elapsedSeconds: Double

    public init(projection: String, eventsDone: Int, total: Int, elapsedSeconds: Double) {
        self.projection = projection
        self.eventsDone = eventsDone
        self.total = total
        self.elapsedSeconds = elapsedSeconds
    }

    /// Events per second so far.
    public var rate: Double { elapsedSeconds > 0 ? Double(eventsDone) / elapsedSeconds : 0 }

    /// Fraction done, 0…1.
    public var fraction: Double { total > 0 ? min(1, Double(eventsDone) / Double(total)) : 1 }

    /// Estimated seconds left at the current rate, `nil` before a rate is known.
    public var etaSeconds: Double? {
        guard rate > 0 else { return nil }
        return Double(max(0, total - eventsDone)) / rate
    }
}

/// The outcome of a rebuild.
public struct RebuildReport: Sendable, Hashable {
    /// The projection rebuilt.
    public var projection: String
    /// The generation now serving.
    public var generation: ProjectionGeneration
    /// Events read from the store.
    public var eventsRead: Int
    /// Events the projection handled and applied.
    public var eventsApplied: Int
    /// Wall time in seconds.
    public var elapsedSeconds: Double
}
