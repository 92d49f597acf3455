public import Crypto
public import Foundation
public import Logging
public import NexusEvents
public import PostgresNIO
import Synchronization

/// Seals and reveals personal data under one data key per person, and forgets a person by
/// destroying their key (crypto-shredding): every copy sealed under it, in the immutable log,
/// in read models and on Kafka, becomes unreadable at once, while hash chains over the stored
/// bytes still verify.
///
/// Data keys are random AES-256 keys, stored wrapped (AES-256-GCM) by the configured master
/// key in `personal_data_keys`, and kept unwrapped in memory for
/// ``PrivacyConfiguration/keyCacheLifetime``. Without a configuration the vault can neither seal
/// nor reveal (sealed values stay sealed), but it still knows who was erased.
public final class PersonalDataVault: Sendable {
    private struct Entry {
        var state: DataKeyState
        var expires: ContinuousClock.Instant?
    }

    private let table: any DataKeyStorage
    private let configuration: PrivacyConfiguration?
    private let cache = Mutex<[UUID: Entry]>([:])

    /// A vault over `client`'s `personal_data_keys` (the `privacy` schema must be migrated).
    public convenience init(client: PostgresClient, configuration: PrivacyConfiguration?, logger: Logger) {
        self.init(storage: DataKeyTable(client: client, logger: logger), configuration: configuration)
    }

    /// A vault keeping its wrapped keys in `storage`.
    public init(storage: any DataKeyStorage, configuration: PrivacyConfiguration?) {
        table = storage
        self.configuration = configuration
    }

    /// Whether values can be sealed and revealed (a master key is configured).
    public var hasKeys: Bool { configuration != nil }

    /// `text` sealed under `subject`'s data key, made on first use.
    /// - Throws: ``PrivacyError`` `erased` when the person was erased, `invalidConfiguration` without keys.
    public func seal(_ text: String, for subject: UUID) async throws(PrivacyError) -> String {
        let key = try await activeKey(of: subject, creating: true)
        do {
            let box = try AES.GCM.seal(Data(text.utf8), using: key, authenticating: PersonalDataEnvelope.associatedData(subject))
            guard let combined = box.combined else { throw PrivacyError(.corrupted, "sealing produced no combined box") }
            return PersonalDataEnvelope(subject: subject, sealed: combined).text
        } catch let error as PrivacyError {
            throw error
        } catch {
            throw PrivacyError(.corrupted, "sealing failed", context: ["subject": subject.uuidString.lowercased()])
        }
    }

    /// The clear text of an envelope, the erased marker when its person was erased, or the
    /// envelope itself when this vault holds no keys.
    func open(_ envelope: PersonalDataEnvelope, states: [UUID: DataKeyState]) -> String {
        switch states[envelope.subject] {
        case .active(let key)?:
            guard let box = try? AES.GCM.SealedBox(combined: envelope.sealed),
                  let clear = try? AES.GCM.open(box, using: key, authenticating: envelope.associatedData)
            else { return PersonalData.erasedMarker }
            return String(decoding: clear, as: UTF8.self)
        case .erased?, .absent?:
            return PersonalData.erasedMarker
        case nil:
            return envelope.text
        }
    }

    /// The key states of `subjects`: unwrapped keys when this vault holds the master keys,
    /// otherwise only `erased` and `absent` entries (live keys are left out).
    public func states(of subjects: Set<UUID>) async throws(PrivacyError) -> [UUID: DataKeyState] {
        let now = ContinuousClock.now
        var states: [UUID: DataKeyState] = [:]
        var missing: [UUID] = []
        cache.withLock { cache in
            for subject in subjects {
                if let entry = cache[subject], entry.expires.map({ $0 > now }) ?? true {
                    states[subject] = entry.state
                } else {
                    missing.append(subject)
                }
            }
        }
        guard !missing.isEmpty else { return states }
        let rows: [UUID: DataKeyRow]
        do {
            rows = try await table.rows(missing)
        } catch {
            throw PrivacyError(.unavailable, "personal data keys cannot be read: \(error)")
        }
        var loaded: [UUID: DataKeyState] = [:]
        for subject in missing {
            guard let row = rows[subject] else {
                loaded[subject] = .absent
                continue
            }
            guard let wrapped = row.wrapped, let keyID = row.masterKeyID else {
                loaded[subject] = .erased
                continue
            }
            guard configuration != nil else { continue }
            loaded[subject] = .active(try unwrap(wrapped, keyID: keyID, subject: subject))
        }
        keep(loaded, now: now)
        return states.merging(loaded) { _, new in new }
    }

    /// Destroys `subject`'s data key (idempotent). From then on nothing can be sealed for them.
    public func erase(_ subject: UUID) async throws(PrivacyError) {
        do {
            try await table.erase(subject)
        } catch {
            throw PrivacyError(.unavailable, "the data key could not be destroyed: \(error)", context: ["subject": subject.uuidString.lowercased()])
        }
        cache.withLock { $0[subject] = Entry(state: .erased, expires: nil) }
    }

    /// Re-wraps every data key not wrapped by the current master key (after a rotation: the old
    /// key must be among ``PrivacyConfiguration/previousMasterKeys``). Returns how many were re-wrapped.
    public func rotate(pageSize: Int = 1000, progress: (Int) -> Void = { _ in }) async throws(PrivacyError) -> Int {
        guard let configuration else { throw PrivacyError(.invalidConfiguration, "no master key is configured") }
        var after: UUID?
        var done = 0
        while true {
            let page: [(UUID, DataKeyRow)]
            do {
                page = try await table.wrapped(notBy: configuration.masterKey.id, after: after, limit: pageSize)
            } catch {
                throw PrivacyError(.unavailable, "personal data keys cannot be read: \(error)")
            }
            guard let last = page.last else { return done }
            for (subject, row) in page {
                guard let wrapped = row.wrapped, let keyID = row.masterKeyID else { continue }
                let key = try unwrap(wrapped, keyID: keyID, subject: subject)
                do {
                    try await table.rewrap(subject, from: keyID, to: configuration.masterKey.id, wrapped: try wrap(key, subject: subject))
                } catch let error as PrivacyError {
                    throw error
                } catch {
                    throw PrivacyError(.unavailable, "a data key could not be re-wrapped: \(error)")
                }
                done += 1
            }
            progress(done)
            after = last.0
        }
    }

    /// How many data keys each master key id wraps (`erased`: tombstones).
    public func census() async throws(PrivacyError) -> [String: Int64] {
        do {
            return try await table.census()
        } catch {
            throw PrivacyError(.unavailable, "personal data keys cannot be read: \(error)")
        }
    }

    private func activeKey(of subject: UUID, creating: Bool) async throws(PrivacyError) -> SymmetricKey {
        guard let configuration else { throw PrivacyError(.invalidConfiguration, "no master key is configured") }
        switch try await states(of: [subject])[subject] {
        case .active(let key)?:
            return key
        case .erased?:
            throw PrivacyError(.erased, "the person's data was erased", context: ["subject": subject.uuidString.lowercased()])
        case .absent?, nil:
            let key = SymmetricKey(size: .bits256)
            do {
                try await table.insert(subject, masterKeyID: configuration.masterKey.id, wrapped: try wrap(key, subject: subject))
            } catch let error as PrivacyError {
                throw error
            } catch {
                throw PrivacyError(.unavailable, "a data key could not be stored: \(error)")
            }
            cache.withLock { _ = $0.removeValue(forKey: subject) }
            // Another process may have made the key first: use whichever the table holds.
            guard case .active(let stored)? = try await states(of: [subject])[subject] else {
                throw PrivacyError(.erased, "the person's data was erased", context: ["subject": subject.uuidString.lowercased()])
            }
            return stored
        }
    }

    private func wrap(_ key: SymmetricKey, subject: UUID) throws(PrivacyError) -> Data {
        guard let configuration else { throw PrivacyError(.invalidConfiguration, "no master key is configured") }
        guard let wrapped = configuration.masterKey.wrap(key.withUnsafeBytes { Data($0) }, context: Self.wrapContext(subject)) else {
            throw PrivacyError(.corrupted, "a data key could not be wrapped")
        }
        return wrapped
    }

    private func unwrap(_ wrapped: Data, keyID: String, subject: UUID) throws(PrivacyError) -> SymmetricKey {
        guard let configuration else { throw PrivacyError(.invalidConfiguration, "no master key is configured") }
        guard let master = configuration.masterKey(id: keyID) else {
            throw PrivacyError(.unknownMasterKey, "a data key was wrapped by a master key that is not configured", context: [
                "masterKeyId": keyID, "subject": subject.uuidString.lowercased(),
            ])
        }
        guard let bytes = master.unwrap(wrapped, context: Self.wrapContext(subject)) else {
            throw PrivacyError(.corrupted, "a data key failed authentication", context: ["subject": subject.uuidString.lowercased()])
        }
        return SymmetricKey(data: bytes)
    }

    private static func wrapContext(_ subject: UUID) -> Data {
        Data("nexus-data-key:\(subject.uuidString.lowercased())".utf8)
    }

    private func keep(_ loaded: [UUID: DataKeyState], now: ContinuousClock.Instant) {
        guard let configuration, configuration.keyCacheLifetime > .zero || loaded.values.contains(where: { if case .erased = $0 { true } else { false } })
        else { return }
        cache.withLock { cache in
            if cache.count + loaded.count > configuration.keyCacheCapacity {
                cache = cache.filter { $0.value.expires.map { $0 > now } ?? true }
                if cache.count + loaded.count > configuration.keyCacheCapacity { cache.removeAll(keepingCapacity: true) }
            }
            for (subject, state) in loaded {
                switch state {
                case .erased: cache[subject] = Entry(state: state, expires: nil)
                case .active:
                    if configuration.keyCacheLifetime > .zero { cache[subject] = Entry(state: state, expires: now + configuration.keyCacheLifetime) }
                case .absent:
                    // Not kept: another process may make the key at any moment.
                    break
                }
            }
        }
    }
}
