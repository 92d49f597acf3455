import NexusBenchmarks
import Synchronization
import Testing

@Suite("bench e2e results")
struct E2EResultsTests {
    /// Answers each attempt with the next of `statuses` and counts the attempts.
    final class Answers: Sendable {
        private let statuses: Mutex<[Int]>
        init(_ statuses: [Int]) { self.statuses = Mutex(statuses) }
        func next() -> Int { statuses.withLock { $0.removeFirst() } }
        var left: Int { statuses.withLock { $0.count } }
    }

    @Test("a read answered 503 (the read model not there yet) is asked again until it succeeds")
    func readAskedAgainAfter503() async throws {
        let results = E2EResults()
        let answers = Answers([503, 503, 200])
        #expect(try await results.read { answers.next() })
        #expect(answers.left == 0)
        #expect(results.readsAskedAgain == 2)
    }

    @Test("any other answer ends the read at once", arguments: [404, 400, 500, 422])
    func otherAnswersAreFinal(_ status: Int) async throws {
        let results = E2EResults()
        let answers = Answers([status, 200])
        #expect(try await !results.read { answers.next() })
        #expect(answers.left == 1)
        #expect(results.readsAskedAgain == 0)
    }

    @Test("a read still 503 after every attempt fails")
    func readGivesUp() async throws {
        let results = E2EResults()
        let answers = Answers(Array(repeating: 503, count: E2EResults.readAttempts + 1))
        #expect(try await !results.read { answers.next() })
        #expect(answers.left == 1)
        #expect(results.readsAskedAgain == E2EResults.readAttempts - 1)
    }
}
