import Benchmark
import EventStore
import Foundation
import NexusEvents

/// The hand-written JSON readers against Foundation's on the same bytes: the object check every
/// appended payload passes (`JSONObjectSyntax`, before that `JSONSerialization`), and the flat
/// reader that decodes stock movements and metadata (`FlatJSONObject`, the fallback and the
/// earlier path `JSONDecoder` through `NexusEvent.decode`). Run with ./ops/microbench.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal], scalingFactor: .kilo, maxDuration: .seconds(2), maxIterations: 100_000)

    for (name, payload) in Inputs.payloads {
        Benchmark("object check, \(name): JSONObjectSyntax") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(JSONObjectSyntax.isObject(payload)) }
        }
        Benchmark("object check, \(name): JSONSerialization") { benchmark in
            for _ in benchmark.scaledIterations { blackHole((try? JSONSerialization.jsonObject(with: payload)) is [String: Any]) }
        }
    }

    Benchmark("decode StockReceived: FlatJSONObject") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(Inputs.flatStockReceived(Inputs.stockReceived)) }
    }
    Benchmark("decode StockReceived: JSONDecoder") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? NexusEvent.decode(eventType: StockReceived.eventType, schemaVersion: StockReceived.schemaVersion, data: Inputs.stockReceived))
        }
    }
}
