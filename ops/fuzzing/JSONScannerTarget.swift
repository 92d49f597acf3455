// libFuzzer target for the event store's hand-written JSON scanners (JSONObjectSyntax, which
// checks every appended event, and FlatJSONObject, the allocation-free reader of flat payloads),
// built by ops/fuzz together with Tests/EventStoreTests/JSONScannerProperties.swift: a crash, a
// hang or a violated property is a finding.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONScanner(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: bytes, count: count)
    if let violation = JSONScannerProperties.violation(in: data) {
        fatalError("\(violation): \(data.base64EncodedString())")
    }
    return 0
}
