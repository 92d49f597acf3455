import Foundation
import NexusTestSupport
import Testing

@Suite("Request-body decoding keeps its properties for every kept fuzz input")
struct RequestBodyCorpusTests {
    @Test func everyKeptInputOfTheRequestBodyTarget() throws {
        let inputs = try FuzzCorpus.inputs("request-body")
        #expect(inputs.count >= 5)
        for (name, data) in inputs {
            #expect(RequestBodyProperties.violation(in: data) == nil, "\(name)")
        }
    }
}
