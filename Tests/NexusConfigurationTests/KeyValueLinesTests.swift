import NexusConfiguration
import Testing

@Suite("NAME=value files")
struct KeyValueLinesTests {
    @Test("Comments and blank lines are skipped, whitespace trimmed, one pair of quotes removed, empty values left out")
    func parse() {
        let text = "# comment\n\n  A = 1 \nB=\"two words\"\nC='x=y'\nD=\nnot a pair\nE=\"unbalanced'\n"
        #expect(KeyValueLines.parse(text) == ["A": "1", "B": "two words", "C": "x=y", "E": "\"unbalanced'"])
    }
}
