public import PostgresNIO

extension PSQLError {
    /// Whether PostgreSQL refused a statement because of the values it carried, not because it
    /// could not run it: SQLSTATE class 22 (data exception: NUL or an invalid byte sequence in
    /// text, a number out of range, …), 23 (integrity constraint violation) or 54 (program limit
    /// exceeded, e.g. an index row too large). Retrying such a statement cannot succeed, so it is
    /// never reported as unavailability; everything else (connection refused or closed,
    /// timeouts, `57P01` shutdown, …) is.
    public var isCausedByData: Bool {
        guard code == .server, let state = serverInfo?[.sqlState] else { return false }
        return Self.dataClasses.contains(String(state.prefix(2)))
    }

    /// The SQLSTATE classes of ``isCausedByData``.
    static let dataClasses: Set<String> = ["22", "23", "54"]
}
