import ServiceLifecycle
import Synchronization

/// Runs the benchmark body as a service and keeps its result.
package final class BenchMeasurement<Value: Sendable>: Service, Sendable {
    private let body: @Sendable () async throws -> Value
    private let result = Mutex<Result<Value, any Error>?>(nil)

    package init(_ body: @escaping @Sendable () async throws -> Value) {
        self.body = body
    }

    package func run() async throws {
        do {
            let value = try await body()
            result.withLock { $0 = .success(value) }
        } catch {
            result.withLock { $0 = .failure(error) }
            throw error
        }
    }

    package func outcome() throws -> Value {
        guard let outcome = result.withLock({ $0 }) else { throw BenchmarkFailure("the benchmark server stopped early") }
        return try outcome.get()
    }
}
