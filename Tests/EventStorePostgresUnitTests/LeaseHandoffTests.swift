import NexusTestSupport
import Testing

@testable import EventStorePostgres

/// The hand-over of a leased connection between the task holding the lease and the task using
/// it, without a database (an integer stands for the connection), under real races. The holder's
/// wait ignores cancellation, so hangs are guarded by ``TestServices/finishes(within:_:)``.
@Suite("Lease hand-off")
struct LeaseHandoffTests {
    struct LeaseFailed: Error {}

    @Test func aConnectionLentInTimeIsKeptUntilGivenBackEvenWhenTheHolderIsCancelled() async throws {
        let handoff = LeaseHandoff<Int>()
        let released = Shared(false)
        let holder = Task {
            await handoff.lend(7)
            released.update { $0 = true }
        }
        #expect(try await handoff.connection(waitingAtMost: .seconds(60)) == 7)
        holder.cancel()
        try await Task.sleep(for: .milliseconds(50))
        #expect(!released.update { $0 }, "still in use")
        handoff.giveBack()
        #expect(await TestServices.finishes { await holder.value })
        #expect(released.update { $0 })
    }

    @Test func theDeadlineEndsTheWaitAndALateConnectionGoesBackAtOnce() async throws {
        let handoff = LeaseHandoff<Int>()
        let outcome = Shared<Result<Int, any Error>?>(nil)
        #expect(
            await TestServices.finishes {
                do {
                    let connection = try await handoff.connection(waitingAtMost: .milliseconds(20))
                    outcome.update { $0 = .success(connection) }
                } catch {
                    outcome.update { $0 = .failure(error) }
                }
            })
        #expect(throws: ConnectionWaitTimeout.self) { try outcome.update { $0 }?.get() }
        #expect(await TestServices.finishes { await handoff.lend(1) })
    }

    @Test func cancellingTheUserEndsItsWait() async throws {
        let handoff = LeaseHandoff<Int>()
        let user = Task { try await handoff.connection(waitingAtMost: .seconds(60)) }
        try await Task.sleep(for: .milliseconds(20))
        user.cancel()
        #expect(await TestServices.finishes { _ = await user.result })
        await #expect(throws: CancellationError.self) { try await user.value }
        #expect(await TestServices.finishes { await handoff.lend(1) })
    }

    @Test func aFailedLeaseFailsTheUserAndALaterFailureIsIgnored() async throws {
        let handoff = LeaseHandoff<Int>()
        let user = Task { try await handoff.connection(waitingAtMost: .seconds(60)) }
        handoff.fail(LeaseFailed())
        #expect(await TestServices.finishes { _ = await user.result })
        await #expect(throws: LeaseFailed.self) { try await user.value }

        let lent = LeaseHandoff<Int>()
        let holder = Task { await lent.lend(3) }
        #expect(try await lent.connection(waitingAtMost: .seconds(60)) == 3)
        lent.fail(LeaseFailed())
        lent.giveBack()
        #expect(await TestServices.finishes { await holder.value })
    }

    /// Many hand-offs whose connections, deadlines and cancellations race (and some whose
    /// connection never comes): every user gets its connection (and gives it back) or an error,
    /// and every holder is released. A lost hand-off or deadline leaves a holder or a user
    /// waiting, and the test fails after its deadline.
    @Test func racingLendsDeadlinesAndCancellationsReleaseEveryHolder() async throws {
        let used = Shared(0)
        let failed = Shared(0)
        let count = 1_000
        let finished = await TestServices.finishes(within: .seconds(120)) {
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<count {
                    let handoff = LeaseHandoff<Int>()
                    if index % 7 != 3 {  // otherwise no connection comes: only the deadline ends the wait
                        group.addTask {
                            if index % 2 == 0 { try? await Task.sleep(for: .microseconds(index % 1_000)) }
                            await handoff.lend(index)
                        }
                    }
                    let user = Task {
                        do {
                            let connection = try await handoff.connection(waitingAtMost: .microseconds(index % 800))
                            #expect(connection == index)
                            used.update { $0 += 1 }
                            handoff.giveBack()
                        } catch {
                            failed.update { $0 += 1 }
                        }
                    }
                    if index % 5 == 0 { user.cancel() }
                    group.addTask { await user.value }
                }
            }
        }
        #expect(finished)
        #expect(used.update { $0 } + failed.update { $0 } == count)
        #expect(failed.update { $0 } >= count / 7)
    }
}
