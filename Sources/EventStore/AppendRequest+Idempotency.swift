extension AppendRequest {
    /// For a request whose idempotency key was recorded with `recordedFingerprint`: the
    /// `idempotencyKeyReused` error when the two fingerprints differ, `nil` when the request may
    /// replay (they agree, or either is unknown).
    public func keyReuseError(recordedFingerprint: String?) -> EventStoreError? {
        guard let recordedFingerprint, let requestFingerprint, recordedFingerprint != requestFingerprint else { return nil }
        return EventStoreError(
            .idempotencyKeyReused, "the idempotency key was used for another request",
            context: ["idempotencyKey": idempotencyKey ?? ""])
    }

    /// What a request whose idempotency key already produced `earlier` gets: `earlier` as a
    /// replay, or `idempotencyKeyReused` (see ``keyReuseError(recordedFingerprint:)``).
    public func replaying(_ earlier: AppendResult) -> Result<AppendResult, EventStoreError> {
        if let error = keyReuseError(recordedFingerprint: earlier.requestFingerprint) { return .failure(error) }
        var replay = earlier
        replay.isReplay = true
        return .success(replay)
    }
}
