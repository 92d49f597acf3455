public import NexusEvents

/// The category aggregate (`category-<slug>`).
public enum CategoryDecider {
    /// A category that does not exist.
    public static let initialState = CategoryState()

    /// Folds one event.
    public static func evolve(_ state: CategoryState, _ event: NexusEvent) -> CategoryState {
        var next = state
        switch event {
        case .categoryCreated(let e):
            next.slug = e.slug
            next.name = e.name
            next.parentSlug = e.parentSlug
        case .categoryRenamed(let e):
            next.name = e.name
        default: break
        }
        return next
    }

    /// Decides a command; creating below a parent needs the parent's state.
    public static func decide(
        _ command: CategoryCommand, _ state: CategoryState, parent: CategoryState = CategoryState()
    ) throws(DomainError) -> [NexusEvent] {
        switch command {
        case .create(let slug, let name, let parentSlug):
            var validator = Validator()
            validator.slug(slug, field: "slug")
            validator.text(name, field: "name", max: Validator.Limits.name)
            if let parentSlug { validator.slug(parentSlug, field: "parentSlug") }
            if parentSlug == slug { validator.fail("parentSlug", "self_reference", "must differ from slug") }
            try validator.check()
            guard !state.exists else {
                throw DomainError(.alreadyExists, "the category already exists", details: [
                    FieldError(field: "slug", code: "taken", message: "is already used"),
                ])
            }
            if parentSlug != nil, !parent.exists {
                throw DomainError(.unknownReference, "the parent category does not exist", details: [
                    FieldError(field: "parentSlug", code: "unknown", message: "no such category"),
                ])
            }
            return [.categoryCreated(CategoryCreated(slug: slug, name: name, parentSlug: parentSlug))]
        case .rename(let name):
            guard let slug = state.slug else { throw DomainError(.notFound, "no such category") }
            var validator = Validator()
            validator.text(name, field: "name", max: Validator.Limits.name)
            try validator.check()
            return name == state.name ? [] : [.categoryRenamed(CategoryRenamed(slug: slug, name: name))]
        }
    }
}
