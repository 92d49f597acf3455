import Foundation
import Hummingbird

/// Strict request-body decoding: JSON content type (415), size limit (413), then
/// ``RequestBodyDecoder``: well-formed JSON (400) checked against the schema derived from the
/// request type (422, naming every bad field at once).
enum JSONBody {
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int) async throws(Problem) -> T {
        guard isJSON(request.headers[.contentType]) else { throw Problem.unsupportedMediaType }
        var request = request
        let buffer = try await collect(&request, limit: limit)
        do {
            return try RequestBodyDecoder.decode(type, from: Data(buffer.readableBytesView))
        } catch {
            switch error {
            case .malformed: throw Problem.malformedJSON("the body is not valid JSON")
            case .invalid(let errors): throw Problem.invalidBody(errors)
            }
        }
    }

    /// Reads the whole body of `request` (413 beyond `limit` bytes), leaving it readable again.
    static func collect(_ request: inout Request, limit: Int) async throws(Problem) -> ByteBuffer {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw Problem.tooLarge(limit: limit)
        }
        do {
            return try await request.collectBody(upTo: limit)
        } catch {
            throw Problem.tooLarge(limit: limit)
        }
    }

    static func isJSON(_ contentType: String?) -> Bool {
        guard let mediaType = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        else { return false }
        return mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
    }
}
