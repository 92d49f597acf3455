import EventStore
import Testing

@Suite("Parsing stream names and expected versions")
struct StreamNameTests {
    @Test("valid names split into category and id")
    func valid() throws {
        let name = try StreamName("product-SKU-123")
        #expect(name.category == "product")
        #expect(name.id == "SKU-123")
        #expect(try StreamName(category: "order", id: "42").rawValue == "order-42")
    }

    @Test("malformed stream names", arguments: ["", "nodash", "-id", "Upper-1", "product-", "product-has space", String(repeating: "a", count: 190) + "-0123456789a"])
    func badStreamName(name: String) {
        let error = #expect(throws: EventStoreError.self) { try StreamName(name) }
        #expect(error?.code == .invalidStreamName)
    }

    @Test("unknown expected-version forms", arguments: ["", "0", "-1", "latest", "1.5", "NaN"])
    func badExpectedVersion(text: String) {
        let error = #expect(throws: EventStoreError.self) { try ExpectedVersion(parsing: text) }
        #expect(error?.code == .invalidExpectedVersion)
    }

    @Test("expected-version forms round-trip")
    func expectedVersionForms() throws {
        for text in ["any", "no-stream", "stream-exists", "1", "42"] {
            #expect(try ExpectedVersion(parsing: text).description == text)
        }
    }
}
