import NexusEvents

extension RouteDoc {
    static let minPosition = QueryParameterDoc.integer(
        "minPosition", in: QueryAPI.positions,
        "A command's `position`: wait (bounded) until the read model has applied the log up to it; 503 with Retry-After if it does not in time, 422 if the log has no such position")

    /// `limit` and `cursor` of a list whose pages hold 1 to `maxLimit` items (`defaultLimit` when absent).
    static func paging(_ configuration: QueryConfiguration) -> [QueryParameterDoc] {
        [
            .integer("limit", in: 1...Int64(configuration.maxLimit),
                     "Page size, 1 to \(configuration.maxLimit) (default \(configuration.defaultLimit))"),
            QueryParameterDoc("cursor", "string", "The opaque `nextCursor` of the previous page"),
        ]
    }
    static let readPositionHeader = [
        "Nexus-Read-Position": "The global position up to which the read model behind this answer has applied every event",
    ]

    /// A GET over a read model: `minPosition`, `Nexus-Read-Position`, and for single resources `ETag`/304.
    static func readModel(
        _ path: String, _ summary: String, access: String, schema: JSONValue, single: Bool,
        parameters: [QueryParameterDoc] = []
    ) -> RouteDoc {
        var doc = RouteDoc(
            .get, path, summary: summary, tag: "queries", access: access, success: (200, schema),
            errors: single ? [400, 401, 403, 404, 422, 429, 503] : [400, 401, 403, 422, 429, 503])
        doc.queryParameters = parameters + [minPosition]
        doc.responseHeaders = readPositionHeader
        if single {
            doc.responseHeaders["ETag"] = "A strong tag of this representation"
            doc.supportsNotModified = true
        }
        return doc
    }

    /// A GET over the event store for auditors.
    static func history(_ path: String, _ summary: String, schema: JSONValue, parameters: [QueryParameterDoc], errors: [Int]) -> RouteDoc {
        var doc = RouteDoc(.get, path, summary: summary, tag: "history", access: "auditor or admin", success: (200, schema), errors: errors)
        doc.queryParameters = parameters
        return doc
    }
}
