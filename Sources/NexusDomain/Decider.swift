public import NexusEvents

/// What every aggregate's decider is: a state before any event, a fold of one event into the
/// state, and a decision of a command from the state (and from the other aggregates the
/// decision reads, its `Context`) into new events. Pure: no I/O, no clock.
public protocol Decider {
    /// The aggregate's state, folded from its stream.
    associatedtype State: Sendable & Equatable
    /// What the aggregate is asked to do.
    associatedtype Command
    /// The states of other aggregates the decision reads (e.g. a product's category).
    associatedtype Context

    /// The state of an aggregate that does not exist yet.
    static var initialState: State { get }
    /// Folds one event into the state (events of other types leave it unchanged).
    static func evolve(_ state: State, _ event: NexusEvent) -> State
    /// The events that carry out `command`, or the reason it is refused.
    static func decide(_ command: Command, _ state: State, _ context: Context) throws(DomainError) -> [NexusEvent]
}

extension Decider {
    /// The state after `events`, folded from the initial state.
    public static func fold(_ events: some Sequence<NexusEvent>) -> State {
        fold(events, from: initialState)
    }

    /// The state after `events`, folded from `state`.
    public static func fold(_ events: some Sequence<NexusEvent>, from state: State) -> State {
        events.reduce(state, evolve)
    }
}
