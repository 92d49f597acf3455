import ServiceLifecycle
import Synchronization

/// A flag a dedicated poll thread checks to know when to stop; set by graceful shutdown or cancellation.
final class StopSignal: Sendable {
    private let flag = Atomic<Bool>(false)

    /// Whether stopping was requested.
    var isSet: Bool { flag.load(ordering: .relaxed) }

    /// Requests the poll thread to stop.
    func set() { flag.store(true, ordering: .relaxed) }

    /// Runs `loop` on a dedicated thread named `name`, setting this signal on graceful shutdown or
    /// cancellation of the calling task; returns what the loop returns once it has wound down.
    func serve<T: Sendable>(threadName name: String, _ loop: @escaping @Sendable () -> T) async -> T {
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await DedicatedThread.run(name: name, loop)
            } onGracefulShutdown: {
                self.set()
            }
        } onCancel: {
            self.set()
        }
    }
}
