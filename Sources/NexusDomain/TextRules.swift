/// What text every input must satisfy before it reaches storage: PostgreSQL refuses NUL in
/// `text` and `jsonb`, and no field of ours has a use for the other control characters.
public enum TextRules {
    /// Whether `text` holds a control character (general category Cc: U+0000–U+001F and
    /// U+007F–U+009F), NUL included.
    public static func containsControlCharacters(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// The bytes as UTF-8 text, `nil` when they are not valid UTF-8 (overlong forms,
    /// surrogates, truncated sequences) — never a lossy repair.
    public static func utf8(_ bytes: some Collection<UInt8>) -> String? {
        String(validating: bytes, as: UTF8.self)
    }

    /// Strict percent-decoding of one URL component: `nil` for a stray or malformed `%`, or
    /// when the decoded bytes are not valid UTF-8. `+` is kept as is.
    public static func percentDecoded(_ component: some StringProtocol) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(component.utf8.count)
        var iterator = component.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return utf8(bytes)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
