import Foundation
import NexusConfiguration
import Testing

@Suite("Settings from the environment and the configuration file")
struct NexusSettingsTests {
    /// The error reading `environment` throws, or `nil` when it reads.
    private func error(_ environment: [String: String]) async -> ConfigurationError? {
        do {
            _ = try await NexusSettings(environment: environment)
            return nil
        } catch {
            return error
        }
    }

    /// A file holding `text` that is removed after `body`.
    private func withFile<Result>(_ text: String, suffix: String, _ body: (String) async throws -> Result) async throws -> Result {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nexus-settings-\(UUID())\(suffix)")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try await body(url.path)
    }

    @Test("Nothing configured: every setting is nil, so each command's documented default applies")
    func nothingConfigured() async throws {
        let settings = try await NexusSettings(environment: ["PATH": "/usr/bin"])
        #expect(settings.databaseURL == nil && settings.httpPort == nil && settings.jobClaimLease == nil && settings.webhookAllowPrivateAddresses == nil)
    }

    @Test("Typed values are read from the environment; an empty variable counts as unset")
    func typedValues() async throws {
        let settings = try await NexusSettings(environment: [
            "NEXUS_DB_STATEMENT_TIMEOUT_MS": "2500", "NEXUS_HTTP_PORT": "0", "NEXUS_WEBHOOK_ALLOW_PRIVATE_ADDRESSES": "true",
            "NEXUS_JOB_CLAIM_LEASE": "2s", "NEXUS_LOG_LEVEL": "debug", "NEXUS_OPS_PORT": "", "NEXUS_TOPIC_PREFIX": "shop.",
        ])
        #expect(settings.databaseStatementTimeoutMilliseconds == 2500)
        #expect(settings.httpPort == 0)
        #expect(settings.webhookAllowPrivateAddresses == true)
        #expect(settings.jobClaimLease == "2s")
        #expect(settings.logLevel == "debug")
        #expect(settings.opsPort == nil)
        #expect(settings.topicPrefix == "shop.")
    }

    @Test(
        "A bad value is an error naming the variable and why, never a default",
        arguments: [
            ("NEXUS_DB_STATEMENT_TIMEOUT_MS", "abc", "must be a whole number"),
            ("NEXUS_DB_STATEMENT_TIMEOUT_MS", "-5", "must be between 1 and 3600000"),
            ("NEXUS_HTTP_PORT", "70000", "must be between 0 and 65535"),
            ("NEXUS_OPS_PORT", "8081x", "must be a whole number"),
            ("NEXUS_READY_MAX_RELAY_LAG", "-1", "must be between 0 and"),
            ("NEXUS_JOB_CONCURRENCY", "0", "must be between 1 and 256"),
            ("NEXUS_WEBHOOK_ALLOW_PRIVATE_ADDRESSES", "maybe", "must be true or false"),
            ("NEXUS_JOB_CLAIM_LEASE", "2 hours", "must be a whole number with ms, s, m, h or d"),
            ("NEXUS_ORDER_PAYMENT_TIMEOUT", "31d", "must be between 1.0 seconds and 2592000.0 seconds"),
            ("NEXUS_WEBHOOK_TIMEOUT", "61s", "must be between"),
            ("NEXUS_LOG_LEVEL", "loud", "must be one of trace, debug"),
            ("NEXUS_BCRYPT_COST", "99", "must be between 4 and 31"),
        ])
    func badValue(name: String, value: String, reason: String) async throws {
        let error = try #require(await error([name: value]))
        #expect(error.code == .invalidValue)
        #expect(error.name == name)
        #expect(error.description.hasPrefix("\(name) \(reason)"), "\(error)")
        #expect(error.description.hasSuffix("(set in the environment)"), "\(error)")
    }

    @Test("NAME=value file: supplies what the environment does not set; the environment wins")
    func keyValueFile() async throws {
        let text = "# settings\nNEXUS_HTTP_PORT=9090\nNEXUS_TOPIC_PREFIX=\"file.\"\nNEXUS_JOB_CONCURRENCY = 8\n"
        let settings = try await withFile(text, suffix: ".env") { path in
            try await NexusSettings(environment: ["NEXUS_CONFIG_FILE": path, "NEXUS_HTTP_PORT": "7070", "NEXUS_JOB_CONCURRENCY": ""])
        }
        #expect(settings.httpPort == 7070)
        #expect(settings.topicPrefix == "file.")
        #expect(settings.jobConcurrency == 8)
    }

    @Test("JSON file: typed values under the variable names; the environment wins")
    func jsonFile() async throws {
        let json = #"{"NEXUS_HTTP_PORT": 9090, "NEXUS_WEBHOOK_ALLOW_PRIVATE_ADDRESSES": true, "NEXUS_TOPIC_PREFIX": "file.", "NEXUS_JWT_SECRET": "s3cr3t-from-the-file"}"#
        let settings = try await withFile(json, suffix: ".json") { path in
            try await NexusSettings(environment: ["NEXUS_CONFIG_FILE": path, "NEXUS_TOPIC_PREFIX": "env."])
        }
        #expect(settings.httpPort == 9090)
        #expect(settings.webhookAllowPrivateAddresses == true)
        #expect(settings.topicPrefix == "env.")
        #expect(settings.jwtSecret?.value == "s3cr3t-from-the-file")
    }

    @Test("A bad value in the file names the variable and the file as where it was set")
    func badValueInFile() async throws {
        let plain = try await withFile("NEXUS_DB_CONNECTION_WAIT_MS=soon\n", suffix: ".env") { path in
            await error(["NEXUS_CONFIG_FILE": path])
        }
        #expect(plain?.description == "NEXUS_DB_CONNECTION_WAIT_MS must be a whole number (set in NEXUS_CONFIG_FILE)")
        let json = try await withFile(#"{"NEXUS_HTTP_PORT": "eighty"}"#, suffix: ".json") { path in
            await error(["NEXUS_CONFIG_FILE": path])
        }
        #expect(json?.description == "NEXUS_HTTP_PORT must be a whole number (set in NEXUS_CONFIG_FILE)")
    }

    @Test("A configuration file that cannot be read or parsed stops start-up")
    func unreadableFile() async throws {
        let missing = await error(["NEXUS_CONFIG_FILE": "/nonexistent/nexus-\(UUID()).env"])
        #expect(missing?.code == .unreadableFile && missing?.name == "NEXUS_CONFIG_FILE")
        let malformed = try await withFile("[1, 2", suffix: ".json") { path in await error(["NEXUS_CONFIG_FILE": path]) }
        #expect(malformed?.code == .unreadableFile && malformed?.name == "NEXUS_CONFIG_FILE")
    }

    @Test("Secrets are redacted wherever the settings are described, and absent from errors")
    func redaction() async throws {
        let secrets = [
            "NEXUS_DATABASE_URL": "postgres://nexus:hunter2-database@db:5432/nexus", "NEXUS_JWT_SECRET": "hunter2-jwt-secret-of-32-bytes-or-more",
            "NEXUS_MASTER_KEY": "hunter2-master", "NEXUS_OPS_TOKEN": "hunter2-ops", "NEXUS_KAFKA_PROPERTIES": "sasl.password=hunter2-kafka",
            "NEXUS_BOOTSTRAP_ADMIN_PASSWORD": "hunter2-admin", "NEXUS_EMAIL_LOOKUP_SECRET": "hunter2-lookup",
            "NEXUS_PREVIOUS_MASTER_KEYS": "hunter2-previous", "NEXUS_SIMULATE_ADMIN_PASSWORD": "hunter2-simulate",
        ]
        let settings = try await NexusSettings(environment: secrets)
        #expect(settings.jwtSecret?.value == secrets["NEXUS_JWT_SECRET"])
        var dumped = ""
        dump(settings, to: &dumped)
        for text in [String(describing: settings), String(reflecting: settings), dumped, "\(settings.databaseURL!)"] {
            #expect(!text.contains("hunter2"), "\(text)")
        }
        #expect(String(describing: settings).contains(Secret.redacted))

        let json = #"{"NEXUS_JWT_SECRET": 12345678901234567}"#
        let typeError = try await withFile(json, suffix: ".json") { path in await error(["NEXUS_CONFIG_FILE": path]) }
        #expect(typeError?.name == "NEXUS_JWT_SECRET")
        #expect(typeError.map { !$0.description.contains("12345678901234567") } == true)
    }
}
