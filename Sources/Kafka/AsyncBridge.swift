import Dispatch
import Synchronization

/// Lets a dedicated (non-pool) thread wait for async application code, e.g. a rebalance
/// handler that reads starting offsets from PostgreSQL. Never call from the cooperative pool.
enum AsyncBridge {
    static func wait<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let result: Result<T, any Error>
            do { result = .success(try await operation()) } catch { result = .failure(error) }
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try outcome.withLock { $0! }.get()
    }
}
