import Foundation
import Jobs
import Testing

@Suite("Retry schedule: exponential back-off with jitter, capped")
struct RetryPolicyTests {
    let policy = RetryPolicy(maximumAttempts: 5, baseDelay: .seconds(2), maximumDelay: .seconds(60), jitter: 0.2)

    @Test func delaysDoubleFromTheBaseUpToTheCap() {
        let delays = (1...8).map { policy.delay(afterAttempt: $0, random: 0) }
        #expect(delays == [.seconds(2), .seconds(4), .seconds(8), .seconds(16), .seconds(32), .seconds(60), .seconds(60), .seconds(60)])
    }

    @Test func jitterShortensADelayByAtMostItsShare() {
        for attempt in 1...6 {
            let full = policy.delay(afterAttempt: attempt, random: 0)
            let shortest = policy.delay(afterAttempt: attempt, random: 1)
            #expect(shortest > full * 0.799 && shortest < full * 0.801)
            for _ in 0..<50 {
                let delay = policy.delay(afterAttempt: attempt, random: Double.random(in: 0..<1))
                #expect(delay <= full && delay >= shortest)
            }
        }
    }

    @Test func hostileNumbersStayInRange() {
        for attempt in [Int.min, -1, 0, 65, 1_000, Int.max] {
            let delay = policy.delay(afterAttempt: attempt, random: .nan)
            #expect(delay >= .zero && delay <= .seconds(60))
        }
        let odd = RetryPolicy(maximumAttempts: Int.min, baseDelay: .seconds(-5), maximumDelay: .seconds(10), jitter: .infinity)
        #expect(odd.maximumAttempts == 1)
        #expect(odd.jitter == 0)
        #expect(odd.delay(afterAttempt: 3, random: 0.5) == .zero)
    }
}

@Suite("A job's transition after a try")
struct JobTransitionTests {
    let policy = RetryPolicy(maximumAttempts: 3, baseDelay: .seconds(1), maximumDelay: .seconds(10), jitter: 0)

    @Test func successAndUnnecessaryWorkEndDone() {
        #expect(JobTransition.after(.success(.done), attempt: 1, maximumAttempts: 3, policy: policy, random: 0) == .done(note: nil))
        let unnecessary = JobTransition.after(.success(.unnecessary("order paid")), attempt: 3, maximumAttempts: 3, policy: policy, random: 0)
        #expect(unnecessary == .done(note: "order paid"))
        #expect(unnecessary.state == .done)
    }

    @Test func failuresRetryWithGrowingDelaysThenDie() {
        let failure = Result<JobOutcome, JobFailure>.failure(JobFailure("receiver answered 500"))
        #expect(JobTransition.after(failure, attempt: 1, maximumAttempts: 3, policy: policy, random: 0) == .retry(after: .seconds(1), error: "receiver answered 500"))
        #expect(JobTransition.after(failure, attempt: 2, maximumAttempts: 3, policy: policy, random: 0) == .retry(after: .seconds(2), error: "receiver answered 500"))
        #expect(JobTransition.after(failure, attempt: 3, maximumAttempts: 3, policy: policy, random: 0) == .dead(error: "receiver answered 500"))
        #expect(JobTransition.after(failure, attempt: 9, maximumAttempts: 3, policy: policy, random: 0).state == .dead)
    }

    @Test func storedTextIsBoundedAndFreeOfNUL() {
        let failure = Result<JobOutcome, JobFailure>.failure(JobFailure("a\0b" + String(repeating: "x", count: 10_000)))
        guard case .dead(let error) = JobTransition.after(failure, attempt: 3, maximumAttempts: 3, policy: policy, random: 0) else {
            Issue.record("expected dead")
            return
        }
        #expect(!error.unicodeScalars.contains("\0"))
        #expect(error.count <= 2_000)
        #expect(error.hasPrefix("a\u{FFFD}b"))
    }
}
