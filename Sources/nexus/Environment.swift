import Foundation

/// Reads configuration from environment variables.
enum Environment {
    /// The variable's value, or `nil` when unset or empty.
    static func value(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }
}
