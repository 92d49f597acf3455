public import NexusEvents

extension NexusRequestContext {
    /// The caller if their role is one of `roles`: 401 without a token, 403 with another role.
    public func require(_ roles: UserRole...) throws(Problem) -> Principal {
        guard let principal else { throw Problem.unauthorized("this endpoint needs a bearer token") }
        guard roles.contains(principal.role) else {
            throw Problem.forbidden("the \(principal.role.rawValue) role may not do this")
        }
        return principal
    }
}
