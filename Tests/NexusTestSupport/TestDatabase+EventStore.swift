public import EventStorePostgres
public import Logging
import PostgresNIO

extension TestDatabase {
    /// Creates a migrated database and runs `body` with a running ``PostgresEventStore`` on it.
    public static func withEventStore<Result: Sendable>(
        prefix: String,
        configuration storeConfiguration: PostgresEventStoreConfiguration = .init(),
        _ body: @Sendable (PostgresEventStore, TestDatabase) async throws -> Result
    ) async throws -> Result {
        let database = try await create(prefix: prefix)
        return try await database.withEventStore(configuration: storeConfiguration) { store in
            try await body(store, database)
        }
    }

    /// Runs `body` with a running ``PostgresEventStore`` on this database, migrating it first.
    public func withEventStore<Result: Sendable>(
        configuration storeConfiguration: PostgresEventStoreConfiguration = .init(),
        logger: Logger = Logger(label: "nexus.test"),
        _ body: @Sendable (PostgresEventStore) async throws -> Result
    ) async throws -> Result {
        try await Self.withClient(configuration, logger: logger) { client in
            try await EventStoreSchema.migrator.migrate(client, logger: logger)
            let store = PostgresEventStore(client: client, configuration: storeConfiguration, logger: logger)
            return try await BackgroundRun.around("PostgresEventStore", { try await store.run() }) { try await body(store) }
        }
    }
}
