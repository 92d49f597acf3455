/// How often a kind of job is tried and how long it waits between tries.
///
/// Try *n* (1, 2, 3 …) that fails waits `min(maximumDelay, baseDelay × 2ⁿ⁻¹)`, shortened by a
/// random share of up to `jitter` of itself (so workers that failed together do not retry
/// together), then runs again. After `maximumAttempts` tries the job is dead.
public struct RetryPolicy: Sendable, Hashable {
    /// Tries before the job is dead (at least 1). Default 10.
    public var maximumAttempts: Int
    /// The wait after the first failed try. Default 1 s.
    public var baseDelay: Duration
    /// The longest wait between tries. Default 1 hour.
    public var maximumDelay: Duration
    /// The share of a wait that may be cut at random, 0…1. Default 0.2 (a wait of 80–100 % of its delay).
    public var jitter: Double

    /// Creates a policy; the defaults are documented on each property.
    public init(maximumAttempts: Int = 10, baseDelay: Duration = .seconds(1), maximumDelay: Duration = .seconds(3600), jitter: Double = 0.2) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.baseDelay = max(.zero, baseDelay)
        self.maximumDelay = max(.zero, maximumDelay)
        self.jitter = jitter.isFinite ? min(1, max(0, jitter)) : 0
    }

    /// The wait after failed try `attempt` (1-based), given `random` in 0..<1 (the jitter's draw).
    public func delay(afterAttempt attempt: Int, random: Double) -> Duration {
        let exponent = Double(min(max(attempt, 1), 64) - 1)
        let uncapped = baseDelay.seconds * Double.pow2(exponent)
        let capped = min(uncapped, maximumDelay.seconds)
        let draw = random.isFinite ? min(max(random, 0), 1) : 0
        return .seconds(capped * (1 - jitter * draw))
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

extension Double {
    /// 2 raised to `exponent`.
    static func pow2(_ exponent: Double) -> Double {
        Double(sign: .plus, exponent: Int(exponent), significand: 1)
    }
}
