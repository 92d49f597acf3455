import Foundation
import NexusTestSupport
import Testing

@Suite("The JSON scanners keep their properties for every kept fuzz input")
struct FuzzCorpusTests {
    @Test func everyKeptInputOfTheJSONScannerTarget() throws {
        let inputs = try FuzzCorpus.inputs("json-scanner")
        #expect(inputs.count >= 5)
        for (name, data) in inputs {
            #expect(JSONScannerProperties.violation(in: data) == nil, "\(name)")
        }
    }
}
