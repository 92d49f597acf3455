import Foundation
import Hummingbird
import NexusDomain

/// Strict parsing of a query's URL parameters: every bad one is reported at once as a 400
/// problem naming the field.
struct QueryParameters {
    private let query: [String: String]
    private(set) var errors: [FieldError] = []

    init(_ request: Request) {
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        self.query = query
    }

    /// The longest free-text parameter by default, in characters.
    static let maxTextLength = 200

    /// The raw value of parameter `name`, if present.
    func value(_ name: String) -> String? { query[name] }

    /// A boolean parameter: `true` or `false`.
    mutating func boolean(_ name: String) -> Bool? {
        guard let value = query[name] else { return nil }
        guard let flag = Bool(value) else {
            errors.append(FieldError(field: name, code: "wrong_type", message: "must be true or false"))
            return nil
        }
        return flag
    }

    /// A free-text parameter of at most `maxLength` characters (Unicode scalars).
    mutating func text(_ name: String, maxLength: Int = maxTextLength) -> String? {
        guard let value = query[name] else { return nil }
        guard !value.isEmpty, value.unicodeScalars.count <= maxLength else {
            errors.append(FieldError(field: name, code: "invalid", message: "must be 1 to \(maxLength) characters"))
            return nil
        }
        return value
    }

    /// A parameter that must be one of `allowed`.
    mutating func choice(_ name: String, _ allowed: [String]) -> String? {
        guard let value = query[name] else { return nil }
        guard allowed.contains(value) else {
            errors.append(FieldError(field: name, code: "invalid_value", message: "must be one of \(allowed.joined(separator: ", "))"))
            return nil
        }
        return value
    }

    /// An integer parameter within `range`.
    mutating func integer(_ name: String, in range: ClosedRange<Int64>) -> Int64? {
        guard let text = query[name] else { return nil }
        guard let value = Int64(text) else {
            errors.append(FieldError(field: name, code: "wrong_type", message: "must be an integer"))
            return nil
        }
        guard range.contains(value) else {
            errors.append(FieldError(field: name, code: "out_of_range", message: "must be between \(range.lowerBound) and \(range.upperBound)"))
            return nil
        }
        return value
    }

    /// The page size: `limit`, 1…`max`, `fallback` when absent.
    mutating func limit(max: Int, fallback: Int) -> Int {
        integer("limit", in: 1...Int64(max)).map(Int.init) ?? fallback
    }

    /// The key an opaque `cursor` stands for, checked by `valid` (a key with control characters,
    /// NUL included, is no key any page ends with).
    mutating func cursor(_ valid: (String) -> Bool = { _ in true }) -> String? {
        guard let text = query["cursor"] else { return nil }
        guard let key = PageCursor.decode(text), !TextRules.containsControlCharacters(key), valid(key) else {
            errors.append(FieldError(field: "cursor", code: "invalid", message: "is not a cursor this endpoint returned"))
            return nil
        }
        return key
    }

    /// Records that the parameter (or header) `name` is invalid.
    mutating func invalid(_ name: String, _ message: String) {
        refuse(name, code: "invalid", message)
    }

    /// Records that the parameter `name` is refused for the reason `code`.
    mutating func refuse(_ name: String, code: String, _ message: String) {
        errors.append(FieldError(field: name, code: code, message: message))
    }

    /// Records that the required parameter `name` is absent.
    mutating func missing(_ name: String) {
        errors.append(FieldError(field: name, code: "missing", message: "is required"))
    }

    /// Throws the 400 problem if any parameter was bad.
    func check() throws(Problem) {
        guard errors.isEmpty else { throw Problem.invalidQuery(errors) }
    }
}

/// Opaque page cursors: the last key of the previous page, base64url-encoded with a version prefix.
enum PageCursor {
    private static let prefix = "c1:"

    static func encode(_ key: String?) -> String? {
        key.map { base64URL(Data((prefix + $0).utf8)) }
    }

    static func decode(_ cursor: String) -> String? {
        guard let data = data(base64URL: cursor), let text = String(data: data, encoding: .utf8), text.hasPrefix(prefix)
        else { return nil }
        return String(text.dropFirst(prefix.count))
    }

    /// `data` in unpadded base64url (RFC 4648 §5).
    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The bytes of unpadded base64url text, `nil` if it is not.
    static func data(base64URL text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}

extension Problem {
    /// 400: a URL parameter is malformed or out of range.
    static func invalidQuery(_ errors: [FieldError]) -> Problem {
        Problem(.badRequest, type: "invalid-query", title: "Invalid query parameters",
                detail: "one or more URL parameters are malformed or out of range", errors: errors)
    }

    /// 422: `minPosition` names a position the log has not reached, so no command returned it
    /// and waiting cannot help.
    static func beyondLogHead(requested: Int64) -> Problem {
        Problem(.unprocessableContent, type: "position-beyond-log", title: "Position beyond the log",
                detail: "no event has position \(requested) or later; pass a position a command returned", errors: [
                    FieldError(field: "minPosition", code: "beyond_log_head", message: "is beyond the last position of the event log"),
                ])
    }

    /// 503: the read models have not reached the position the client asked for.
    static func notCaughtUp(requested: Int64, reached: Int64) -> Problem {
        Problem(.serviceUnavailable, type: "read-model-behind", title: "Read model not caught up",
                detail: "the read model has applied the event log up to position \(reached), not yet \(requested); retry",
                headers: [.retryAfter: "1", .readPosition: String(reached)])
    }
}
