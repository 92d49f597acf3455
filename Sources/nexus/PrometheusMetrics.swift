import Metrics
import Prometheus

/// The process's Prometheus registry; every swift-metrics metric lands in it once bootstrapped.
enum PrometheusMetrics {
    static let registry = PrometheusCollectorRegistry()

    /// Routes swift-metrics to the registry. Call once, before any metric is created.
    static func bootstrap() {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }

    /// The exposition text for `/metrics`.
    static func text() -> String {
        registry.emitToString()
    }
}
