/// Who an order may be for: a registered, active user whose role is customer. An admin may
/// place orders for customers, never for a made-up id, an admin, an auditor or a deactivated user.
enum OrderCustomer {
    /// Refuses (422 `unknown-reference`, field `customerId`) a customer no order may be for.
    static func require(_ customer: UserState) throws(DomainError) {
        let refusal: (code: String, message: String)? =
            if !customer.isRegistered {
                ("unknown", "no such user")
            } else if !customer.isActive {
                ("deactivated", "the user is deactivated")
            } else if customer.role != .customer {
                ("not_a_customer", "the user is \(customer.role.rawValue), not a customer")
            } else {
                nil
            }
        guard let refusal else { return }
        throw DomainError(.unknownReference, "orders are placed only for active customers", details: [
            FieldError(field: "customerId", code: refusal.code, message: refusal.message),
        ])
    }
}
