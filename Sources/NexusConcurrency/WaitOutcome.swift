/// Why a wait on a ``Monitor`` ended.
public enum WaitOutcome: Sendable, Equatable {
    /// The condition held already, or another task woke the waiter (``Monitor/Locked/wakeFirst(on:)``).
    case woken
    /// The timeout passed first.
    case timedOut
    /// The waiting task was cancelled first.
    case cancelled
}
