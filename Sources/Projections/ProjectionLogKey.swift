public import Logging

/// Logger metadata keys of the Projections module.
public enum ProjectionLogKey {
    public static let projection: Logger.Metadata.Key = "nexus.projection"
    public static let received: Logger.Metadata.Key = "nexus.projection.received"
    public static let applied: Logger.Metadata.Key = "nexus.projection.applied"
    public static let backoff: Logger.Metadata.Key = "nexus.projection.backoff"
    public static let error: Logger.Metadata.Key = "nexus.error"
}
