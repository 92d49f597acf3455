import Synchronization

/// The relay's checkpoint saves, run behind the publishing loop instead of inside it.
///
/// A save is a durable commit (a WAL flush, a few milliseconds on a disk that syncs), and the loop
/// used to wait for each before it enqueued the next page: about an eighth of a catch-up's time.
/// Here at most one save runs at a time; positions acknowledged meanwhile are coalesced, and only
/// the latest of them is saved when the running save ends. Saves stay in order and the saved
/// position only rises. After a crash the relay resumes from the last save that committed, so a
/// save not yet made costs duplicates after it (which consumers already tolerate), never a gap.
package final class CheckpointSaves: Sendable {
    /// Writes a position durably.
    package typealias Save = @Sendable (Int64) async throws -> Void
    /// Told of each saved position and the events acknowledged up to it since the previous one.
    package typealias Saved = @Sendable (_ count: Int, _ position: Int64) -> Void

    private struct State {
        var running: Task<Void, any Error>?
        var pending: (count: Int, position: Int64)?
        var failure: (any Error)?
    }

    private let save: Save
    private let saved: Saved
    private let state = Mutex(State())

    /// Saves with `save`, reporting each saved position to `saved`.
    package init(save: @escaping Save, saved: @escaping Saved) {
        self.save = save
        self.saved = saved
    }

    /// Saves `position`, which covers `count` newly acknowledged events, once the running save (if
    /// any) has ended; returns at once.
    /// - Throws: the error of an earlier save that failed (nothing is saved after it).
    package func submit(_ position: Int64, count: Int) throws {
        try state.withLock { state in
            if let failure = state.failure { throw failure }
            if state.running != nil {
                state.pending = (count + (state.pending?.count ?? 0), max(position, state.pending?.position ?? position))
            } else {
                state.running = Task { try await self.run(first: (count, position)) }
            }
        }
    }

    /// Waits until every submitted position is saved.
    /// - Throws: the error of a save that failed.
    package func finish() async throws {
        while let running = state.withLock({ $0.running }) {
            try await running.value
        }
        if let failure = state.withLock({ $0.failure }) { throw failure }
    }

    /// Saves `first`, then whatever was submitted meanwhile, until nothing is pending.
    private func run(first: (count: Int, position: Int64)) async throws {
        var next: (count: Int, position: Int64)? = first
        while let (count, position) = next {
            do {
                try await save(position)
            } catch {
                state.withLock { state in
                    state.failure = error
                    state.pending = nil
                    state.running = nil
                }
                throw error
            }
            saved(count, position)
            next = state.withLock { state in
                defer { state.pending = nil }
                if state.pending == nil { state.running = nil }
                return state.pending
            }
        }
    }
}
