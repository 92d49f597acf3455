import Foundation
import HTTPTypes
import Hummingbird
import Projections

extension QueryAPI {
    /// A single resource read through the ``ReadCache`` when there is one.
    ///
    /// A cached representation is served when it reflects at least the request's `minPosition`
    /// (any when absent) and the request does not say `Cache-Control: no-cache`; its
    /// `Nexus-Read-Position` is the position the entry was read at. Otherwise the read model is
    /// read as without a cache (waiting for `minPosition`) and the result stored, unless the key
    /// was invalidated while it was read. The caller checks the role first: the cached resources
    /// are the same for every role allowed to read them, so one representation serves them all.
    /// - Parameters:
    ///   - tagged: whether the answer carries an `ETag` (and may be 304 for `If-None-Match`).
    ///   - notFound: the 404 detail when `load` finds nothing (nothing is cached then).
    func cached(
        _ request: Request, _ key: ReadCacheKey, from projection: any Projection, notFound: String = "", tagged: Bool = true,
        load: () async throws -> (some Encodable)?
    ) async throws -> Response {
        let wanted = try Self.minPosition(request)
        let refresh = Self.asksForFreshRead(request)
        if let readCache, !refresh, let entry = readCache.lookup(key, atLeast: wanted) {
            return Self.respond(entry.value, readPosition: entry.position, tagged: tagged, request: request)
        }
        let ticket = readCache?.begin(key)
        var stored: ReadCache.Representation?
        var position: Int64 = 0
        defer { if let ticket { readCache?.finish(ticket, with: stored, position: position) } }
        position = try await readPosition(wanted: wanted, [projection])
        guard let value = try await load() else { throw Problem.notFound(notFound) }
        let representation = try Self.representation(of: value)
        stored = representation
        return Self.respond(representation, readPosition: position, tagged: tagged, request: request)
    }

    /// Whether the request's `Cache-Control` names `no-cache` (read the read model, not the cache).
    static func asksForFreshRead(_ request: Request) -> Bool {
        request.headers[values: .cacheControl].contains { value in
            value.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == "no-cache" }
        }
    }

    private static func respond(_ resource: ReadCache.Representation, readPosition: Int64, tagged: Bool, request: Request) -> Response {
        guard !tagged else { return respondSingle(resource, readPosition: readPosition, request: request) }
        return Response(
            status: .ok, headers: [.contentType: "application/json", .readPosition: String(readPosition)], body: .init(byteBuffer: resource.body))
    }
}
