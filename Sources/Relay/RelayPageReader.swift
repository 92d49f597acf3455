package import EventStore
package import EventStorePostgres
package import PostgresNIO
package import Privacy

/// Prepares the relay's pages ahead of the publishing loop, so that reading, decoding, the
/// vault's filter and encoding overlap the producer's work instead of following it.
///
/// A page is read on the relay's own connection (one round trip, `nexus_read_settled`) when it
/// is the first of a round or follows a partial page: then the relay is catching up with new
/// commits, and pages are small. After a full page the relay is behind: the next page is read
/// through the pool in rows of many events each (``PostgresEventStore/readAll(after:limit:)``),
/// and that read starts as soon as the previous page's rows are in, while those are still being
/// filtered and encoded. Reads on the pool need no lock: the relay's connection holds the
/// publisher lock, and every event at or below the settled position is final.
package struct RelayPageReader: Sendable {
    let store: PostgresEventStore
    let vault: PersonalDataVault
    let encoder: CloudEventEncoder
    /// Events asked for per page.
    let batchSize: Int

    /// A reader of `store`'s pages of up to `batchSize` events, as `vault` lets them out, encoded by `encoder`.
    package init(store: PostgresEventStore, vault: PersonalDataVault, encoder: CloudEventEncoder, batchSize: Int) {
        (self.store, self.vault, self.encoder, self.batchSize) = (store, vault, encoder, batchSize)
    }

    /// A page made ready, and the read of the page after it if that has started.
    package struct Prepared: Sendable {
        package let page: RelayPage
        package let next: Task<[RecordedEvent], any Error>?
    }

    /// A page being prepared.
    package struct Pending: Sendable {
        fileprivate let task: Task<Prepared, any Error>

        /// The page, once read, filtered and encoded.
        package func page() async throws -> Prepared {
            try await task.value
        }
    }

    /// Starts preparing the page after `position`, read on `connection` by the preparing task
    /// itself (no task of its own for the read: when caught up, a page is read after every commit).
    package func page(after position: Int64, on connection: PostgresConnection) -> Pending {
        let (store, limit) = (store, batchSize)
        return prepare { try await store.readAll(after: position, limit: limit, on: connection) }
    }

    /// Starts preparing the page that follows `previous`: its read has begun already (`next`)
    /// after a full page, otherwise it is read on `connection`. `nil` once `previous` was empty.
    package func page(following previous: Prepared, on connection: PostgresConnection) -> Pending? {
        if let next = previous.next {
            return prepare { try await withTaskCancellationHandler { try await next.value } onCancel: { next.cancel() } }
        }
        return previous.page.lastPosition.map { page(after: $0, on: connection) }
    }

    /// Gives up a page that will not be taken, with the read it may have started after it.
    package func discard(_ pending: Pending) {
        pending.task.cancel()
        Task { try? await pending.task.value.next?.cancel() }
    }

    /// Filters and encodes the rows `read` returns; after a full page, first starts reading the
    /// next one through the pool.
    private func prepare(_ read: @escaping @Sendable () async throws -> [RecordedEvent]) -> Pending {
        let (store, vault, encoder, limit) = (store, vault, encoder, batchSize)
        return Pending(
            task: Task {
                let stored = try await read()
                let isFull = stored.count >= limit
                let next: Task<[RecordedEvent], any Error>? =
                    if isFull, let last = stored.last?.position {
                        Task { try await store.readAll(after: last, limit: limit) }
                    } else {
                        nil
                    }
                do {
                    let events = try await vault.exit(stored, mode: .sealed)
                    try Task.checkCancellation()
                    let page = RelayPage(
                        lastPosition: stored.last?.position, isFull: isFull, positions: events.map(\.position),
                        recordedAt: events.map(\.recordedAt), messages: encoder.messages(for: events))
                    return Prepared(page: page, next: next)
                } catch {
                    next?.cancel()
                    throw error
                }
            })
    }
}
