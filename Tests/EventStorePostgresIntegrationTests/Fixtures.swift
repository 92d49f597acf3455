import EventStore
import Foundation

/// Small builders for test events.
enum Fixture {
    static func stream(_ category: String = "test") throws -> StreamName {
        try StreamName(category: category, id: UUID().uuidString.lowercased())
    }

    static func event(_ type: String = "Happened", _ fields: [String: Int] = ["n": 1]) -> EventData {
        EventData(type: type, data: try! JSONSerialization.data(withJSONObject: fields, options: .sortedKeys))
    }

    static func events(_ count: Int) -> [EventData] {
        (1...count).map { event("Happened", ["n": $0]) }
    }
}
