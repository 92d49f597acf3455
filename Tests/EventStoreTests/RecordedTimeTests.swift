import EventStore
import Foundation
import Testing

@Suite("Recorded times as text, to the microsecond")
struct RecordedTimeTests {
    @Test("a time whose Double sits just below its millisecond prints that millisecond, not the one before")
    func roundsThroughMicroseconds() {
        // 1795000000.282 is held as 1795000000.2819998…: a truncating formatter printed .281.
        let date = Date(timeIntervalSince1970: 1_795_000_000.282)
        #expect(RecordedTime.format(date) == "2026-11-18T11:06:40.282000Z")
        #expect(RecordedTime.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000000Z")
    }

    @Test("every microsecond of a second round-trips exactly")
    func roundTrips() throws {
        let base: Int64 = 1_795_000_000 * 1_000_000
        for micros in stride(from: Int64(0), to: 1_000_000, by: 997) {
            let date = Date(timeIntervalSince1970: Double(base + micros) / 1_000_000)
            let text = RecordedTime.format(date)
            let parsed = try #require(RecordedTime.parse(text))
            #expect(RecordedTime.microseconds(parsed) == base + micros, "\(text)")
        }
    }

    @Test("parses other RFC 3339 forms; refuses what is not one")
    func parsesForms() {
        #expect(RecordedTime.parse("2026-11-18T11:06:40Z").map(RecordedTime.microseconds) == 1_795_000_000_000_000)
        #expect(RecordedTime.parse("2026-11-18T11:06:40.5Z").map(RecordedTime.microseconds) == 1_795_000_000_500_000)
        #expect(RecordedTime.parse("2026-11-18T12:06:40.123456789+01:00").map(RecordedTime.microseconds) == 1_795_000_000_123_456)
        for bad in ["", "yesterday", "2026-11-18T11:06:40.Z", "2026-11-18T11:06:40.1234567890Z", "2026-11-18 10:26:40"] {
            #expect(RecordedTime.parse(bad) == nil, "\(bad)")
        }
    }
}
