public import HTTPAPI
public import Jobs

/// Runs payment deadline jobs: cancels the order if it is still unpaid (as the actor `system`,
/// with the configured reason and an idempotency key derived from the order), which releases
/// its stock; a paid, shipped or cancelled order makes the job unnecessary.
public struct PaymentDeadlineHandler: JobHandler {
    let commands: SystemCommands
    let reason: String

    /// A handler cancelling through `commands` with `configuration`'s reason.
    public init(commands: SystemCommands, configuration: PaymentDeadlineConfiguration = .init()) {
        self.commands = commands
        self.reason = configuration.reason
    }

    public var kind: JobKind { PaymentDeadlineConfiguration.kind }

    public func run(_ job: ClaimedJob) async throws -> JobOutcome {
        let deadline = try job.decodePayload(PaymentDeadline.self)
        switch try await commands.cancelUnpaidOrder(deadline.orderId, reason: reason, idempotencyKey: deadline.key) {
        case .applied: return .done
        case .unnecessary(let why): return .unnecessary(why)
        }
    }
}
