import EventStore

/// Which events a feed connection sends: all, or those of one stream category and/or one type.
struct LiveFeedFilter: Sendable {
    /// The stream category (`product` for `product-SKU1`), if filtered.
    var category: String?
    /// The event type (`ProductCreated`), if filtered.
    var type: String?

    /// The longest category or type accepted.
    static let maxLength = 100

    func matches(_ event: RecordedEvent) -> Bool {
        if let type, event.type != type { return false }
        if let category, event.stream.rawValue.split(separator: "-", maxSplits: 1).first.map(String.init) != category { return false }
        return true
    }

    /// A category or type: 1 to ``maxLength`` ASCII letters, digits, `.` or `_`.
    static func isName(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= maxLength
            && text.utf8.allSatisfy { $0.isASCIILetterOrDigit || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") }
    }
}

extension UInt8 {
    fileprivate var isASCIILetterOrDigit: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
    }
}
