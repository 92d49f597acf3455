public import NexusEvents

/// The product aggregate (`product-<SKU>`). SKU uniqueness comes from creating the stream
/// with expected version "no stream".
public enum ProductDecider {
    /// A product that does not exist.
    public static let initialState = ProductState()

    /// Folds one event.
    public static func evolve(_ state: ProductState, _ event: NexusEvent) -> ProductState {
        var next = state
        switch event {
        case .productCreated(let e):
            next.sku = e.sku
            next.name = e.name
            next.description = e.description
            next.price = e.price
            next.categorySlug = e.categorySlug
        case .productRenamed(let e): next.name = e.name
        case .productDescriptionChanged(let e): next.description = e.description
        case .productPriceChanged(let e): next.price = e.price
        case .productRecategorized(let e): next.categorySlug = e.categorySlug
        case .productDiscontinued: next.isDiscontinued = true
        default: break
        }
        return next
    }

    /// Decides a command; creating or recategorising needs the target category's state.
    public static func decide(
        _ command: ProductCommand, _ state: ProductState, category: CategoryState = CategoryState()
    ) throws(DomainError) -> [NexusEvent] {
        switch command {
        case .create(let sku, let name, let description, let price, let categorySlug):
            var validator = Validator()
            validator.sku(sku, field: "sku")
            validator.text(name, field: "name", max: Validator.Limits.name)
            validator.optionalText(description, field: "description", max: Validator.Limits.description)
            validator.price(price, field: "price")
            validator.slug(categorySlug, field: "categorySlug")
            try validator.check()
            guard !state.exists else {
                throw DomainError(.alreadyExists, "the SKU is already used", details: [
                    FieldError(field: "sku", code: "taken", message: "is already used"),
                ])
            }
            try requireCategory(category)
            return [.productCreated(ProductCreated(
                sku: sku, name: name, description: description, price: price, categorySlug: categorySlug))]
        case .update(let changes):
            return try update(changes, state, category: category)
        case .discontinue(let at):
            let sku = try onSale(state)
            return [.productDiscontinued(ProductDiscontinued(sku: sku, discontinuedAt: at))]
        }
    }

    private static func update(
        _ changes: ProductChanges, _ state: ProductState, category: CategoryState
    ) throws(DomainError) -> [NexusEvent] {
        var validator = Validator()
        if changes.isEmpty { validator.fail("body", "empty", "name, description, price or categorySlug is required") }
        if let name = changes.name { validator.text(name, field: "name", max: Validator.Limits.name) }
        if let text = changes.description {
            validator.optionalText(text, field: "description", max: Validator.Limits.description)
        }
        if let price = changes.price { validator.price(price, field: "price") }
        if let slug = changes.categorySlug { validator.slug(slug, field: "categorySlug") }
        try validator.check()
        let sku = try onSale(state)
        var events: [NexusEvent] = []
        if let name = changes.name, name != state.name {
            events.append(.productRenamed(ProductRenamed(sku: sku, name: name)))
        }
        if let text = changes.description, text != state.description {
            events.append(.productDescriptionChanged(ProductDescriptionChanged(sku: sku, description: text)))
        }
        if let price = changes.price, price != state.price {
            events.append(.productPriceChanged(ProductPriceChanged(sku: sku, price: price)))
        }
        if let slug = changes.categorySlug, slug != state.categorySlug {
            try requireCategory(category)
            events.append(.productRecategorized(ProductRecategorized(sku: sku, categorySlug: slug)))
        }
        return events
    }

    private static func onSale(_ state: ProductState) throws(DomainError) -> String {
        guard let sku = state.sku else { throw DomainError(.notFound, "no such product") }
        guard !state.isDiscontinued else { throw DomainError(.invalidTransition, "the product is discontinued") }
        return sku
    }

    private static func requireCategory(_ category: CategoryState) throws(DomainError) {
        guard category.exists else {
            throw DomainError(.unknownReference, "the category does not exist", details: [
                FieldError(field: "categorySlug", code: "unknown", message: "no such category"),
            ])
        }
    }
}
