public import PostgresNIO

/// A nullable column of a multi-row `unnest(...)` statement.
///
/// PostgresNIO binds arrays of non-optional values only, so a missing value is sent as
/// `placeholder` with `isSet` false; statements read it as `CASE WHEN is_set THEN value END`
/// (or keep the current value of the row).
struct OptionalColumn<Value: PostgresArrayEncodable & Sendable>: Sendable {
    /// One value per row, `placeholder` where unset.
    private(set) var values: [Value] = []
    /// Whether the row's value is set.
    private(set) var isSet: [Bool] = []
    let placeholder: Value

    init(placeholder: Value) {
        self.placeholder = placeholder
    }

    mutating func append(_ value: Value?) {
        values.append(value ?? placeholder)
        isSet.append(value != nil)
    }
}
