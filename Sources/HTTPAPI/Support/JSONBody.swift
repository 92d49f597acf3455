import Foundation
import Hummingbird

/// Strict request-body decoding: JSON content type in UTF-8 (415), size limit (413), UTF-8 text
/// (415), then ``RequestBodyDecoder``: well-formed JSON (400) checked against the schema derived
/// from the request type, with no NUL in any string (422, naming every bad field at once).
enum JSONBody {
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int) async throws(Problem) -> T {
        guard isJSON(request.headers[.contentType]) else { throw Problem.unsupportedMediaType }
        var request = request
        let buffer = try await collect(&request, limit: limit)
        let data = Data(buffer.readableBytesView)
        guard isUTF8Text(data) else { throw Problem.unsupportedMediaType }
        do {
            return try RequestBodyDecoder.decode(type, from: data)
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
}
