import EventStorePostgres
import Foundation
import Logging
import NexusEvents
import NexusTestSupport
import PostgresNIO
import Privacy
import Testing

@Suite("The personal data vault on PostgreSQL")
struct VaultTests {
    static let logger = Logger(label: "nexus.test.vault")

    func withVault(_ prefix: String, _ body: @Sendable (PostgresClient) async throws -> Void) async throws {
        try await TestDatabase.withEventStore(prefix: prefix) { store, _ in
            try await PrivacySchema.migrator.migrate(store.client, logger: Self.logger)
            try await body(store.client)
        }
    }

    func configuration(master: UInt8, previous: [UInt8] = []) throws -> PrivacyConfiguration {
        var configuration = try PrivacyConfiguration(
            masterKey: try MasterKey(bytes: Array(repeating: master, count: 32)), emailLookupSecret: Data(repeating: 9, count: 32))
        configuration.previousMasterKeys = try previous.map { try MasterKey(bytes: Array(repeating: $0, count: 32)) }
        configuration.keyCacheLifetime = .zero
        return configuration
    }

    @Test func sealedTextOpensUntilTheKeyIsDestroyedThenNothingCanBeSealed() async throws {
        try await withVault("vault_erase") { client in
            let vault = PersonalDataVault(client: client, configuration: try configuration(master: 1), logger: Self.logger)
            let subject = UUID()
            let sealed = try await vault.seal("Ann Example", for: subject)
            #expect(sealed.hasPrefix("pd1.\(subject.uuidString.lowercased()).") && !sealed.contains("Ann"))
            #expect(try await vault.reveal([sealed, "plain"]) == ["Ann Example", "plain"])
            let other = PersonalDataVault(client: client, configuration: try configuration(master: 1), logger: Self.logger)
            try await other.erase(subject)
            #expect(try await vault.reveal([sealed]) == [PersonalData.erasedMarker], "another vault's erasure applies (no cache)")
            await #expect(throws: PrivacyError.self) { _ = try await vault.seal("again", for: subject) }
            let rows = try await client.query("SELECT count(*)::int8 FROM personal_data_keys WHERE wrapped_key IS NOT NULL")
            for try await count in rows.decode(Int64.self) { #expect(count == 0) }
        }
    }

    @Test func concurrentFirstSealsOfOnePersonShareOneKey() async throws {
        try await withVault("vault_race") { client in
            let subject = UUID()
            let sealed = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        let vault = PersonalDataVault(client: client, configuration: try configuration(master: 1), logger: Self.logger)
                        return try await vault.seal("value \(index)", for: subject)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let reader = PersonalDataVault(client: client, configuration: try configuration(master: 1), logger: Self.logger)
            #expect(Set(try await reader.reveal(sealed)) == Set((0..<8).map { "value \($0)" }))
        }
    }

    @Test func rotationRewrapsEveryKeySoTheOldMasterKeyCanGo() async throws {
        try await withVault("vault_rotate") { client in
            let old = PersonalDataVault(client: client, configuration: try configuration(master: 1), logger: Self.logger)
            var sealed: [String] = []
            for index in 0..<25 { sealed.append(try await old.seal("person \(index)", for: UUID())) }
            let erased = UUID()
            _ = try await old.seal("erased", for: erased)
            try await old.erase(erased)
            let withoutOld = PersonalDataVault(client: client, configuration: try configuration(master: 2), logger: Self.logger)
            await #expect(throws: PrivacyError.self) { _ = try await withoutOld.reveal(sealed) }
            let rotating = PersonalDataVault(client: client, configuration: try configuration(master: 2, previous: [1]), logger: Self.logger)
            var reported: [Int] = []
            #expect(try await rotating.rotate(pageSize: 10) { reported.append($0) } == 25)
            #expect(reported == [10, 20, 25])
            #expect(try await withoutOld.reveal(sealed) == (0..<25).map { "person \($0)" })
            let census = try await withoutOld.census()
            #expect(census[try MasterKey(bytes: Array(repeating: 2, count: 32)).id] == 25 && census["erased"] == 1)
        }
    }
}
