import Logging

/// Logger metadata keys of the job queue, kept in one place.
enum JobLogKey {
    static let job: Logger.Metadata.Key = "nexus.job.id"
    static let kind: Logger.Metadata.Key = "nexus.job.kind"
    static let attempt: Logger.Metadata.Key = "nexus.job.attempt"
    static let note: Logger.Metadata.Key = "nexus.job.note"
    static let delay: Logger.Metadata.Key = "nexus.job.delay"
    static let count: Logger.Metadata.Key = "nexus.job.count"
    static let retention: Logger.Metadata.Key = "nexus.job.retention"
    static let error: Logger.Metadata.Key = "nexus.error"
}
