import Foundation
import NexusDomain

extension JSONBody {
    /// Whether a `Content-Type` names JSON in UTF-8: `application/json` or `application/*+json`,
    /// with no `charset` parameter or `charset=utf-8` (JSON exchanged between systems is UTF-8,
    /// RFC 8259 §8.1; Foundation's decoder would also read UTF-16 and UTF-32).
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let mediaType = parts.first,
            mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
        else { return false }
        return parts.dropFirst().allSatisfy { parameter in
            guard parameter.hasPrefix("charset=") else { return true }
            let value = parameter.dropFirst("charset=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return value == "utf-8" || value == "utf8"
        }
    }

    /// Whether a body is UTF-8 text as JSON is sent: valid UTF-8, no byte order mark, and no NUL
    /// byte among the first four (how UTF-16 and UTF-32 JSON without a mark shows, RFC 4627 §3;
    /// JSON text holds no raw NUL anywhere).
    static func isUTF8Text(_ body: Data) -> Bool {
        let marks: [[UInt8]] = [[0xEF, 0xBB, 0xBF], [0xFE, 0xFF], [0xFF, 0xFE]]
        guard !marks.contains(where: { body.starts(with: $0) }), !body.prefix(4).contains(0) else { return false }
        return TextRules.utf8(body) != nil
    }
}
