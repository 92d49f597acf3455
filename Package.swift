// swift-tools-version:6.1
import PackageDescription

/// One list of settings shared by every target.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "nexus",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "nexus", targets: ["nexus"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
    ],
    targets: [
        // MARK: Event contract and domain (no I/O)
        .target(name: "NexusEvents", swiftSettings: swiftSettings),
        .target(name: "NexusDomain", dependencies: ["NexusEvents"], swiftSettings: swiftSettings),

        // MARK: Concurrency primitives (waits with deadline and cancellation, bounded queue)
        .target(name: "NexusConcurrency", swiftSettings: swiftSettings),

        // MARK: Event store
        .target(name: "EventStore", swiftSettings: swiftSettings),
        .target(
            name: "EventStorePostgres",
            dependencies: [
                "EventStore", "NexusConcurrency",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Personal data and credentials
        .target(
            name: "Privacy",
            dependencies: [
                "EventStore", "EventStorePostgres", "NexusEvents",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Kafka
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .target(
            name: "Kafka",
            dependencies: [
                "CRdKafka", "NexusConcurrency",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Relay",
            dependencies: [
                "EventStore", "EventStorePostgres", "Kafka", "NexusConcurrency", "NexusEvents", "Privacy",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Background work
        .target(
            name: "Jobs",
            dependencies: [
                "EventStorePostgres", "NexusConcurrency",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),

        .target(
            name: "ProcessManagers",
            dependencies: [
                "Jobs", "Kafka", "HTTPAPI", "NexusEvents",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        .target(
            name: "Webhooks",
            dependencies: [
                "Jobs", "Kafka", "NexusEvents", "EventStore", "EventStorePostgres", "Privacy",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Read side
        .target(
            name: "Projections",
            dependencies: [
                "EventStore", "EventStorePostgres", "Kafka", "NexusConcurrency", "NexusEvents",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: HTTP
        .target(
            name: "HTTPAPI",
            dependencies: [
                "NexusConcurrency", "NexusDomain", "NexusEvents", "EventStore", "EventStorePostgres", "Projections", "Privacy", "Webhooks",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Benchmarks (run by `nexus bench`)
        .target(
            name: "NexusBenchmarks",
            dependencies: [
                "EventStore", "EventStorePostgres", "Kafka", "Relay", "Projections", "Privacy", "NexusEvents", "HTTPAPI",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Configuration (environment and file, typed, checked at start-up)
        .target(
            name: "NexusConfiguration",
            dependencies: [
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: The binary
        .executableTarget(
            name: "nexus",
            dependencies: [
                "NexusEvents", "NexusDomain", "EventStore", "EventStorePostgres", "Kafka", "Relay",
                "Projections", "HTTPAPI", "Privacy", "Jobs", "ProcessManagers", "Webhooks", "NexusBenchmarks", "NexusConfiguration",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Test support (private databases on the test cluster)
        .target(
            name: "NexusTestSupport",
            dependencies: [
                "EventStore", "EventStorePostgres",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/NexusTestSupport",
            swiftSettings: swiftSettings
        ),

        // MARK: Unit test support (in-memory storage behind the seams, no servers)
        .target(
            name: "NexusUnitSupport",
            dependencies: ["Privacy"],
            path: "Tests/NexusUnitSupport",
            swiftSettings: swiftSettings
        ),

        // MARK: Unit tests (no servers)
        .testTarget(name: "NexusConcurrencyTests", dependencies: ["NexusConcurrency"], swiftSettings: swiftSettings),
        .testTarget(name: "NexusDomainTests", dependencies: ["NexusDomain", "NexusEvents"], swiftSettings: swiftSettings),
        .testTarget(name: "EventStoreTests", dependencies: ["EventStore", "NexusTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "PrivacyTests", dependencies: ["Privacy", "EventStore", "NexusEvents", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "EventStorePostgresUnitTests",
            dependencies: [
                "EventStore", "EventStorePostgres", "NexusTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ProjectionsUnitTests", dependencies: ["Projections", "Relay", "Kafka", "EventStore", "NexusEvents"], swiftSettings: swiftSettings),
        .testTarget(name: "JobsTests", dependencies: ["Jobs"], swiftSettings: swiftSettings),
        .testTarget(
            name: "WebhooksTests",
            dependencies: [
                "Webhooks", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(name: "NexusBenchmarksTests", dependencies: ["NexusBenchmarks"], swiftSettings: swiftSettings),
        .testTarget(name: "NexusConfigurationTests", dependencies: ["NexusConfiguration"], swiftSettings: swiftSettings),
        .testTarget(name: "KafkaUnitTests", dependencies: ["Kafka", "NexusTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "RelayUnitTests", dependencies: ["Relay", "Kafka", "EventStore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "HTTPAPIUnitTests",
            dependencies: [
                "HTTPAPI", "NexusDomain", "NexusEvents", "EventStore", "Privacy", "NexusUnitSupport", "NexusTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Integration tests (real PostgreSQL, real Kafka protocol)
        .testTarget(
            name: "EventStorePostgresIntegrationTests",
            dependencies: ["EventStore", "EventStorePostgres", "NexusTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PrivacyIntegrationTests",
            dependencies: [
                "Privacy", "NexusEvents", "EventStorePostgres", "NexusTestSupport", .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KafkaIntegrationTests",
            dependencies: ["Kafka", "NexusTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RelayIntegrationTests",
            dependencies: [
                "Relay", "Kafka", "EventStore", "EventStorePostgres", "Privacy", "NexusTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ProjectionsIntegrationTests",
            dependencies: ["Projections", "Relay", "Kafka", "EventStore", "EventStorePostgres", "NexusEvents", "NexusDomain", "NexusTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JobsIntegrationTests",
            dependencies: [
                "Jobs", "EventStorePostgres", "NexusTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HTTPAPIIntegrationTests",
            dependencies: [
                "HTTPAPI", "NexusDomain", "NexusEvents", "EventStore", "EventStorePostgres", "Projections", "Privacy", "Jobs", "Webhooks", "NexusTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CLIIntegrationTests",
            dependencies: [
                "NexusEvents", "EventStore", "EventStorePostgres", "NexusTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)

// MARK: Micro-benchmarks (ordo-one/benchmark), run by ./ops/microbench
// Declared only when NEXUS_MICROBENCHMARKS is set: the benchmark package and its tools would
// add minutes to every fresh build of ./ops/test (BENCHMARKS.md, "JSON readers").
if Context.environment["NEXUS_MICROBENCHMARKS"] != nil {
    package.dependencies.append(.package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]))
    package.targets.append(
        .executableTarget(
            name: "JSONScannerBenchmarks",
            dependencies: ["EventStore", "NexusEvents", .product(name: "Benchmark", package: "benchmark")],
            path: "Sources/Benchmarks/JSONScanner",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ))
}
