import Metrics
import Prometheus

/// The process's Prometheus registry; every swift-metrics metric lands in it once bootstrapped.
enum PrometheusMetrics {
    static let registry = PrometheusCollectorRegistry()

    /// Routes swift-metrics to the registry (and to `others` too, if any). Call once, before any
    /// metric is created.
    static func bootstrap(alongside others: [any MetricsFactory] = []) {
        let prometheus = PrometheusMetricsFactory(registry: registry)
        MetricsSystem.bootstrap(others.isEmpty ? prometheus : MultiplexMetricsHandler(factories: [prometheus] + others))
    }

    /// The exposition text for `/metrics`.
    static func text() -> String {
        registry.emitToString()
    }
}
