import Foundation
import PostgresNIO

extension PostgresEventStore {
    /// The streams of `category` (`order` lists `order-…`) whose names sort after `after`, in
    /// name order, at most `limit` of them: a page of a category's listing.
    public func streams(category: String, after: String, limit: Int) async throws -> [StreamSummary] {
        let pattern = Self.likePattern(category: category)
        let rows = try await client.query(
            """
            SELECT stream, max(stream_version), max(position), max(recorded_at)
              FROM events WHERE stream LIKE \(pattern) AND stream > \(after)
             GROUP BY stream ORDER BY stream LIMIT \(Int64(clamping: limit))
            """,
            logger: logger
        )
        var streams: [StreamSummary] = []
        for try await (stream, version, position, recordedAt) in rows.decode((String, Int64, Int64, Date).self) {
            streams.append(StreamSummary(stream: stream, version: version, lastPosition: position, lastRecordedAt: recordedAt))
        }
        return streams
    }
}
