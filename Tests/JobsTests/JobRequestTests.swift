import Foundation
import Jobs
import Testing

@Suite("Job requests are checked before they reach the database")
struct JobRequestTests {
    let kind = JobKind("test.kind")

    @Test func refusesBadNamesKeysPayloadsAndDelays() async throws {
        let refused: [(JobRequest, JobError.Code)] = [
            (JobRequest(kind: JobKind(""), json: Data("{}".utf8)), .invalidName),
            (JobRequest(kind: JobKind("with space"), json: Data("{}".utf8)), .invalidName),
            (JobRequest(kind: JobKind(String(repeating: "k", count: 101)), json: Data("{}".utf8)), .invalidName),
            (JobRequest(kind: kind, json: Data("{}".utf8), uniqueKey: "nul\0key"), .invalidName),
            (JobRequest(kind: kind, json: Data("{}".utf8), uniqueKey: String(repeating: "k", count: 201)), .invalidName),
            (JobRequest(kind: kind, json: Data("[1]".utf8)), .invalidPayload),
            (JobRequest(kind: kind, json: Data("{\"a\":".utf8)), .invalidPayload),
            (JobRequest(kind: kind, json: Data("{\"a\":\"\\u0000\"}".utf8)), .invalidPayload),
            (JobRequest(kind: kind, json: Data([0x7B, 0xFF, 0x7D])), .invalidPayload),
            (JobRequest(kind: kind, json: Data(("{\"a\":\"" + String(repeating: "x", count: 65_536) + "\"}").utf8)), .invalidPayload),
            (JobRequest(kind: kind, json: Data("{}".utf8), due: .after(.seconds(-1))), .invalidDueTime),
            (JobRequest(kind: kind, json: Data("{}".utf8), due: .after(.seconds(Int64.max))), .invalidDueTime),
        ]
        for (request, code) in refused {
            // No database: validation must refuse before any statement is sent.
            let error = #expect(throws: JobError.self) { try request.check() }
            #expect(error?.code == code)
        }
    }
}
