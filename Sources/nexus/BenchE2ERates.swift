import ArgumentParser
import Foundation

/// `bench e2e --rates 500,1000,2000,4000`: rate steps instead of the one `--rate`.
struct BenchE2ERates: ParsableArguments {
    @Option(help: "Comma-separated command rates to step through, each for --seconds, stopping after the first that saturates (replaces --rate).")
    var rates: String?

    /// The limits of one rate (commands per second).
    static let range = 1...20_000

    /// The steps: `rates` as given, or `rate` alone.
    func steps(otherwise rate: Int) throws -> [Int] {
        guard let rates else { return [rate] }
        let steps = rates.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !steps.isEmpty, steps.count <= 20, steps.allSatisfy({ $0.map(Self.range.contains) ?? false }) else {
            throw ValidationError("--rates must be up to 20 comma-separated rates, each between 1 and 20000")
        }
        return steps.compactMap { $0 }
    }

    func validate() throws { _ = try steps(otherwise: 1) }
}
