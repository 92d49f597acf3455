public import NexusEvents

extension CategoryDecider: Decider {
    /// Decides with the parent category's state as the context.
    public static func decide(_ command: CategoryCommand, _ state: CategoryState, _ parent: CategoryState) throws(DomainError) -> [NexusEvent] {
        try decide(command, state, parent: parent)
    }
}

extension ProductDecider: Decider {
    /// Decides with the product's category state as the context.
    public static func decide(_ command: ProductCommand, _ state: ProductState, _ category: CategoryState) throws(DomainError) -> [NexusEvent] {
        try decide(command, state, category: category)
    }
}

extension InventoryDecider: Decider {
    /// Decides with the product's state as the context.
    public static func decide(_ command: InventoryCommand, _ state: InventoryState, _ product: ProductState) throws(DomainError) -> [NexusEvent] {
        try decide(command, state, product: product)
    }
}

extension OrderDecider: Decider {
    /// Decides with the lines' products and stock as the context.
    public static func decide(_ command: OrderCommand, _ state: OrderState, _ context: OrderContext) throws(DomainError) -> [NexusEvent] {
        try decide(command, state, context: context)
    }
}

extension UserDecider: Decider {
    /// Decides with the email reservation's state as the context.
    public static func decide(
        _ command: UserCommand, _ state: UserState, _ reservation: EmailReservationState
    ) throws(DomainError) -> [NexusEvent] {
        try decide(command, state, email: reservation)
    }
}
