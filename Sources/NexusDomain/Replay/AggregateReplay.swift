public import NexusEvents

/// Folds a stream's events through its aggregate's `evolve`, chosen by stream category: the
/// state as of any point of its history (`nexus replay`, the auditor console).
public enum AggregateReplay {
    /// The stream categories that have an aggregate, in the order people browse them.
    public static let categories = ["user", "useremail", "category", "product", "inventory", "order", "roster"]

    /// The state after `events`, rendered as JSON.
    public static func state(category: String, events: [NexusEvent]) throws(AggregateReplayError) -> JSONValue {
        switch category {
        case "user": StateRenderer.render(events.reduce(UserDecider.initialState, UserDecider.evolve))
        case "useremail": StateRenderer.render(events.reduce(EmailReservationState(), EmailReservationState.evolve))
        case "category": StateRenderer.render(events.reduce(CategoryDecider.initialState, CategoryDecider.evolve))
        case "product": StateRenderer.render(events.reduce(ProductDecider.initialState, ProductDecider.evolve))
        case "inventory": StateRenderer.render(events.reduce(InventoryDecider.initialState, InventoryDecider.evolve))
        case "order": StateRenderer.render(events.reduce(OrderDecider.initialState, OrderDecider.evolve))
        case "roster": StateRenderer.render(events.reduce(AdminRosterState(), AdminRosterState.evolve))
        default: throw AggregateReplayError(code: .noAggregate, category: category)
        }
    }
}
