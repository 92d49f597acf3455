import Foundation

/// The figures of one rate step of `bench e2e --rates`.
struct E2EStep {
    /// The longest due → visible p99 of a step that keeps up.
    static let visibleP99Limit = 1_000.0
    /// The least share of the asked rate a step that keeps up sends.
    static let sentShare = 0.95

    let rate: Int
    let sentPerSecond: Double
    let scheduled: Int
    let visible: Int
    let visibleP50: Double
    let visibleP99: Double

    /// Whether the service (or the generator) did not keep up at this rate: due → visible p99
    /// above a second, sends behind the asked rate, or commands not visible.
    var isSaturated: Bool {
        visibleP99 > Self.visibleP99Limit || sentPerSecond < Double(rate) * Self.sentShare || visible < scheduled
    }

    /// A table of the steps and the first saturated rate (if any was reached).
    static func summary(_ steps: [E2EStep], asked: [Int]) -> String {
        let rows = steps.map { step in
            String(
                format: "  %6d/s  sent %6.0f/s  visible %6d of %6d  due → visible p50 %8.1f ms  p99 %8.1f ms", step.rate, step.sentPerSecond,
                step.visible, step.scheduled, step.visibleP50, step.visibleP99) + (step.isSaturated ? "  saturated" : "")
        }
        let verdict =
            steps.first(where: \.isSaturated).map { "saturated at \($0.rate)/s (steps after it not run)" }
            ?? "no step saturated (up to \(asked.max() ?? 0)/s)"
        return (["rate steps (saturated: due → visible p99 over 1 s, sends under 95 % of the rate, or commands not visible):"] + rows + [verdict])
            .joined(separator: "\n")
    }
}
