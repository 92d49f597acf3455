import Configuration
import Foundation

/// Typed reads of named settings: environment variables first, then the optional configuration
/// file named by ``fileVariable`` (through swift-configuration's providers, in that order).
///
/// Empty variables count as unset. A value of the wrong type or outside its range throws a
/// ``ConfigurationError`` naming the setting and where it was set; no read falls back to a default
/// and no error holds a value.
public struct SettingsReader: Sendable {
    /// The variable naming the configuration file: a JSON object whose keys are the variable
    /// names (`.json`), or lines of `NAME=value` (any other name).
    public static let fileVariable = "NEXUS_CONFIG_FILE"

    private let reader: ConfigReader
    /// The names set (non-empty) in the environment, to say where a bad value came from.
    private let environmentNames: Set<String>

    /// Reads `environment` and the file it names.
    /// - Throws: ``ConfigurationError`` when the file cannot be read or parsed.
    public init(environment: [String: String]) async throws(ConfigurationError) {
        let set = environment.filter { !$0.value.isEmpty }
        environmentNames = Set(set.keys)
        var providers: [any ConfigProvider] = [EnvironmentVariablesProvider(environmentVariables: set)]
        if let path = set[Self.fileVariable] { providers.append(try await Self.fileProvider(path: path)) }
        reader = ConfigReader(providers: providers)
    }

    /// The provider of the file at `path`, by its format.
    private static func fileProvider(path: String) async throws(ConfigurationError) -> any ConfigProvider {
        if path.hasSuffix(".json") {
            do {
                return try await FileProvider<JSONSnapshot>(filePath: .init(path))
            } catch {
                throw ConfigurationError(
                    .unreadableFile, name: fileVariable, reason: "names \(path), which is not a readable JSON object (\(String(describing: error).prefix(200)))")
            }
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigurationError(.unreadableFile, name: fileVariable, reason: "names \(path), which cannot be read")
        }
        return EnvironmentVariablesProvider(environmentVariables: KeyValueLines.parse(text))
    }

    /// `name`'s text, or `nil` when unset.
    public func string(_ name: String) async throws(ConfigurationError) -> String? {
        try await read(name, mustBe: "text") { try await reader.fetchString(forKey: $0) }
    }

    /// `name`'s secret text, or `nil` when unset; redacted wherever it is described.
    public func secret(_ name: String) async throws(ConfigurationError) -> Secret? {
        try await read(name, mustBe: "text") { try await reader.fetchString(forKey: $0, isSecret: true) }.map(Secret.init)
    }

    /// `name`'s whole number in `range`, or `nil` when unset.
    public func int(_ name: String, in range: ClosedRange<Int>) async throws(ConfigurationError) -> Int? {
        let number = try await read(name, mustBe: "a whole number") { try await reader.fetchInt(forKey: $0) }
        if let number, !range.contains(number) {
            throw invalid(name, reason: "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return number
    }

    /// `name`'s `true` or `false`, or `nil` when unset.
    public func bool(_ name: String) async throws(ConfigurationError) -> Bool? {
        try await read(name, mustBe: "true or false") { try await reader.fetchBool(forKey: $0) }
    }

    /// `name`'s duration text (``DurationText``), checked to lie in `range`, or `nil` when unset.
    public func duration(_ name: String, in range: ClosedRange<Duration>) async throws(ConfigurationError) -> String? {
        guard let text = try await string(name) else { return nil }
        do {
            _ = try DurationText.parse(text, option: name, range: range)
        } catch {
            throw invalid(name, reason: error.reason)
        }
        return text
    }

    /// `name`'s text, which must be one of `choices`, or `nil` when unset.
    public func choice(_ name: String, of choices: [String]) async throws(ConfigurationError) -> String? {
        let text = try await string(name)
        if let text, !choices.contains(text) { throw invalid(name, reason: "must be one of \(choices.joined(separator: ", "))") }
        return text
    }

    /// Runs one typed fetch of `name`, turning any failure into an error naming it.
    private func read<Value>(
        _ name: String, mustBe expectation: String, _ fetch: (ConfigKey) async throws -> Value?
    ) async throws(ConfigurationError) -> Value? {
        do {
            return try await fetch(ConfigKey([name]))
        } catch {
            throw invalid(name, reason: "must be \(expectation)")
        }
    }

    /// An invalid-value error naming `name` and where it was set.
    private func invalid(_ name: String, reason: String) -> ConfigurationError {
        let source = environmentNames.contains(name) ? "the environment" : Self.fileVariable
        return ConfigurationError(.invalidValue, name: name, reason: "\(reason) (set in \(source))")
    }
}
