import Foundation

/// Runs blocking work (librdkafka polls, flushes, commits) on its own OS thread, never on the
/// cooperative pool, and lets async code await its completion.
enum DedicatedThread {
    /// Runs `body` on a new thread named `name` and resumes when it returns.
    static func run<T: Sendable>(name: String, _ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: body())
            }
            thread.name = name
            thread.start()
        }
    }

    /// Runs a throwing `body` on a new thread and rethrows its error.
    static func run<T: Sendable>(
        name: String, _ body: @escaping @Sendable () throws(KafkaError) -> T
    ) async throws(KafkaError) -> T {
        let result: Result<T, KafkaError> = await run(name: name) {
            do throws(KafkaError) { return .success(try body()) } catch { return .failure(error) }
        }
        return try result.get()
    }
}
