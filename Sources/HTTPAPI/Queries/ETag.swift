import Foundation

/// Strong entity tags computed from a response body (FNV-1a 64), so a tag changes whenever
/// anything served changes, including values joined from other streams.
enum ETag {
    static func of(_ body: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in body {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return "\"\(String(hash, radix: 16))\""
    }

    /// Whether an `If-None-Match` header names `tag` (weak comparison, `*` matches all).
    static func matches(_ header: String, _ tag: String) -> Bool {
        header.split(separator: ",").contains { candidate in
            let trimmed = candidate.trimmingCharacters(in: .whitespaces)
            return trimmed == "*" || (trimmed.hasPrefix("W/") ? String(trimmed.dropFirst(2)) : trimmed) == tag
        }
    }
}
