import Foundation
import NexusConfiguration
import Synchronization

extension NexusSettings {
    /// The settings read by ``load()``.
    private static let loaded = Mutex<NexusSettings?>(nil)

    /// This process's settings, read and checked at start-up by ``Nexus/main()`` before any
    /// command's options are parsed.
    static var current: NexusSettings {
        guard let settings = loaded.withLock({ $0 }) else { preconditionFailure("the settings are read at start-up, before any command") }
        return settings
    }

    /// Reads the environment and the configuration file it names, once.
    /// - Throws: ``ConfigurationError`` naming the first setting that is not valid.
    static func load() async throws(ConfigurationError) {
        let settings = try await NexusSettings(environment: ProcessInfo.processInfo.environment)
        loaded.withLock { $0 = settings }
    }

    /// The entries of the read cache of a process that serves queries: `NEXUS_READ_CACHE_ENTRIES`
    /// or ``SettingLimits/defaultReadCacheEntries`` (0: no cache).
    var readCacheCapacity: Int { readCacheEntries ?? SettingLimits.defaultReadCacheEntries }
}
