// libFuzzer target for request-body decoding (RequestBodyDecoder: JSON, then the schema derived
// from each request type, then the type's decoding), built by ops/fuzz together with
// Tests/HTTPAPIIntegrationTests/RequestBodyProperties.swift: a crash, a hang or a violated
// property is a finding.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestBody(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let input = Data(bytes: bytes, count: count)
    if let violation = RequestBodyProperties.violation(in: input) {
        fatalError("\(violation): \(input.base64EncodedString())")
    }
    return 0
}
