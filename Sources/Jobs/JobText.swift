/// Text the queue stores about a job (errors, notes): bounded, and free of what PostgreSQL's
/// `text` refuses.
enum JobText {
    /// The most characters of an error or note that are kept.
    static let limit = 2_000

    /// `text` without NUL characters, cut to ``limit`` characters.
    static func bounded(_ text: String) -> String {
        let cleaned = text.replacingNUL()
        return cleaned.count <= limit ? cleaned : String(cleaned.prefix(limit - 1)) + "…"
    }

    /// Whether `text` is 1…`maximumBytes` bytes of printable ASCII (kind names, unique keys).
    static func isPrintableASCII(_ text: String, maximumBytes: Int) -> Bool {
        (1...maximumBytes).contains(text.utf8.count) && text.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }
}

extension String {
    /// The string with each NUL replaced by U+FFFD.
    func replacingNUL() -> String {
        guard unicodeScalars.contains("\0") else { return self }
        return String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\0" ? "\u{FFFD}" : $0 }))
    }
}
