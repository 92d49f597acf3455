/// The name of an event stream: `<category>-<id>`, e.g. `product-SKU123` or `order-1b4e…`.
///
/// The category (the part before the first `-`) is lowercase ASCII letters; the id is 1 or
/// more printable ASCII characters without spaces. The whole name is at most
/// ``StreamName/maximumLength`` characters.
public struct StreamName: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The longest stream name accepted.
    public static let maximumLength = 200

    /// The full name, e.g. `product-SKU123`.
    public let rawValue: String

    /// Validates and wraps a stream name.
    /// - Throws: ``EventStoreError`` with code `invalidStreamName` when the name is empty, too
    ///   long, or not of the form `<category>-<id>`.
    public init(_ rawValue: String) throws(EventStoreError) {
        guard !rawValue.isEmpty else {
            throw EventStoreError(.invalidStreamName, "stream name is empty")
        }
        guard rawValue.utf8.count <= Self.maximumLength else {
            throw EventStoreError(
                .invalidStreamName,
                "stream name is longer than \(Self.maximumLength) bytes",
                context: ["length": "\(rawValue.utf8.count)"]
            )
        }
        guard let dash = rawValue.utf8.firstIndex(of: UInt8(ascii: "-")),
            dash != rawValue.utf8.startIndex,
            rawValue.utf8[..<dash].allSatisfy({ $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }),
            rawValue.utf8.index(after: dash) != rawValue.utf8.endIndex,
            rawValue.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else {
            throw EventStoreError(
                .invalidStreamName,
                "stream name must be <category>-<id>: a lowercase category, a dash, printable ASCII without spaces",
                context: ["stream": String(rawValue.prefix(Self.maximumLength))]
            )
        }
        self.rawValue = rawValue
    }

    /// Builds `<category>-<id>`, validating the result.
    public init(category: String, id: String) throws(EventStoreError) {
        try self.init("\(category)-\(id)")
    }

    /// The category: the part before the first dash (`product` for `product-SKU1`).
    public var category: String {
        String(rawValue[..<dash])
    }

    /// The id: the part after the first dash (`SKU1` for `product-SKU1`).
    public var id: String {
        String(rawValue[rawValue.index(after: dash)...])
    }

    /// The first dash, found among the UTF-8 bytes (a name is ASCII): the relay asks for the
    /// category of every event, and a search by `Character` costs grapheme breaking.
    private var dash: String.Index {
        rawValue.utf8.firstIndex(of: UInt8(ascii: "-"))!
    }

    public var description: String { rawValue }

    public static func < (lhs: StreamName, rhs: StreamName) -> Bool { lhs.rawValue < rhs.rawValue }
}
