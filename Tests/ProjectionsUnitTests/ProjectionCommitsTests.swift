import Projections
import Testing

/// Read-your-writes waiters wake on a commit of their projection, on their timeout, or on cancellation.
@Suite("Projection commit signal")
struct ProjectionCommitsTests {
    @Test func aWaiterWakesOnACommitOfItsProjection() async throws {
        let commits = ProjectionCommits()
        let waiting = Task { await commits.wait(for: "stock", after: 0, upTo: .seconds(60)) }
        try await Self.waitForAWaiter(of: "stock", on: commits)
        commits.committed("products")
        #expect(commits.waiters(of: "stock") == 1, "another projection's commit wakes nobody here")
        commits.committed("stock")
        await waiting.value
        #expect(commits.waiters(of: "stock") == 0)
    }

    @Test func aWaiterWakesOnItsTimeoutAndLeavesNothingBehind() async {
        let commits = ProjectionCommits()
        let start = ContinuousClock.now
        await commits.wait(for: "stock", after: 0, upTo: .milliseconds(20))
        #expect(ContinuousClock.now - start >= .milliseconds(20))
        #expect(commits.waiters(of: "stock") == 0)
    }

    @Test func aWaiterWakesOnCancellation() async throws {
        let commits = ProjectionCommits()
        let waiting = Task { await commits.wait(for: "stock", after: 0, upTo: .seconds(60)) }
        try await Self.waitForAWaiter(of: "stock", on: commits)
        waiting.cancel()
        await waiting.value
        #expect(commits.waiters(of: "stock") == 0)
    }

    @Test func aCommitAlreadySignalledIsNotWaitedFor() async {
        let commits = ProjectionCommits()
        commits.committed("stock")
        await commits.wait(for: "stock", after: 0, upTo: .seconds(60))
        #expect(commits.sequence(of: "stock") == 1)
    }

    private struct NoWaiter: Error {}

    /// Returns once `projection` has a waiter; fails after 10 s instead of spinning forever.
    private static func waitForAWaiter(of projection: String, on commits: ProjectionCommits) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while commits.waiters(of: projection) == 0 {
            guard ContinuousClock.now < deadline else {
                Issue.record("no waiter of \(projection) registered within 10 s")
                throw NoWaiter()
            }
            try await Task.sleep(for: .milliseconds(1))
        }
    }
}
