import NexusConfiguration
import Testing

@Suite("Duration texts")
struct DurationTextTests {
    @Test("Units, bare seconds, and the range")
    func parse() throws {
        let range: ClosedRange<Duration> = .milliseconds(10)...(.seconds(7200))
        #expect(try DurationText.parse("500ms", option: "--x", range: range) == .milliseconds(500))
        #expect(try DurationText.parse("90", option: "--x", range: range) == .seconds(90))
        #expect(try DurationText.parse("2h", option: "--x", range: range) == .seconds(7200))
        #expect(throws: ConfigurationError(.invalidValue, name: "--x", reason: "must be between 0.01 seconds and 7200.0 seconds")) {
            try DurationText.parse("3h", option: "--x", range: range)
        }
        for bad in ["", "-1s", "1.5s", "1d", "9999999999s", "1 s", "s"] {
            #expect(throws: ConfigurationError.self, "\(bad)") { try DurationText.parse(bad, option: "--x", range: range) }
        }
    }
}
