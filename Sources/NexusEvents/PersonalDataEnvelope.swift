public import Foundation

/// A personal field as stored and published: `pd1.<subject>.<sealed>`, where `subject` is the
/// person's user id (lower-case UUID) naming the data key, and `sealed` is the base64url
/// (no padding) of AES-256-GCM's nonce (12 bytes), ciphertext and tag (16 bytes), sealed with
/// the text `pd1.<subject>` as additional authenticated data.
public struct PersonalDataEnvelope: Sendable, Hashable {
    /// The prefix of every envelope of this format.
    public static let prefix = "pd1."

    /// The person whose data key sealed the value.
    public var subject: UUID
    /// Nonce, ciphertext and tag.
    public var sealed: Data

    /// Creates an envelope.
    public init(subject: UUID, sealed: Data) {
        self.subject = subject
        self.sealed = sealed
    }

    /// Parses `text`; `nil` when it is not an envelope (e.g. clear text of an older event, or the erased marker).
    public init?(_ text: String) {
        guard text.hasPrefix(Self.prefix) else { return nil }
        let rest = text.dropFirst(Self.prefix.count)
        guard let dot = rest.firstIndex(of: "."), let subject = UUID(uuidString: String(rest[..<dot])),
              let sealed = Self.base64URLDecode(rest[rest.index(after: dot)...]), sealed.count >= 28
        else { return nil }
        self.subject = subject
        self.sealed = sealed
    }

    /// The data authenticated with the ciphertext: `pd1.<subject>`.
    public var associatedData: Data { Self.associatedData(subject) }

    /// `pd1.<subject>` for `subject`.
    public static func associatedData(_ subject: UUID) -> Data {
        Data("\(prefix)\(subject.uuidString.lowercased())".utf8)
    }

    /// The envelope's text.
    public var text: String {
        let encoded = sealed.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return "\(Self.prefix)\(subject.uuidString.lowercased()).\(encoded)"
    }

    private static func base64URLDecode(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
