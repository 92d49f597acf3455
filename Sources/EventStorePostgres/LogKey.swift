import Logging

/// Logger metadata keys used by the PostgreSQL event store, kept in one place.
enum LogKey {
    static let component: Logger.Metadata.Key = "nexus.component"
    static let migration: Logger.Metadata.Key = "nexus.migration"
    static let batchSize: Logger.Metadata.Key = "nexus.append.batch_size"
    static let error: Logger.Metadata.Key = "nexus.error"
}
