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

    @Test("the digit-by-digit text equals Foundation's, microseconds and milliseconds, from year 4 to 9999 (Julian dates before 1583 through Foundation)")
    func matchesFoundation() {
        let wholeSeconds = Date.ISO8601FormatStyle(includingFractionalSeconds: false, timeZone: .gmt)
        let milliseconds = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        var generator = SystemRandomNumberGenerator()
        // PostgreSQL's microseconds as PostgresNIO turns them into a Date (seconds since 2000 as a Double).
        let postgresEpoch = Date(timeIntervalSince1970: 946_684_800)
        let edges: [Int64] = [0, -1, 999, 1_000, 999_999, 123_999_500, -999_999, -1_000_000, 2_000_000_000_000_000, -63_000_000_000_000_000]
        let samples = edges + (0..<20_000).map { _ in Int64.random(in: -63_000_000_000_000_000...252_000_000_000_000_000, using: &generator) }
        for micros in samples {
            let date = Date(timeInterval: Double(micros) / 1_000_000, since: postgresEpoch)
            var text: [UInt8] = []
            RecordedTime.appendMilliseconds(date, to: &text)
            #expect(String(decoding: text, as: UTF8.self) == date.formatted(milliseconds), "\(micros)")
            let rounded = RecordedTime.microseconds(date)
            let seconds = rounded >= 0 ? rounded / 1_000_000 : (rounded - 999_999) / 1_000_000
            let digits = String(rounded - seconds * 1_000_000)
            let whole = Date(timeIntervalSince1970: Double(seconds)).formatted(wholeSeconds)
            #expect(RecordedTime.format(date) == "\(whole.dropLast()).\(String(repeating: "0", count: 6 - digits.count))\(digits)Z", "\(micros)")
        }
    }
}
