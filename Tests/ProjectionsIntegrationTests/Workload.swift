import EventStore
import Foundation
import NexusDomain
import NexusEvents

/// A randomised stream of commands decided by the real deciders, as append requests.
///
/// Keeps every aggregate's state by evolving it with the events it produces (placing, shipping
/// and cancelling an order also emit the inventory events of its lines).
struct Workload {
    var random: SeededGenerator
    var categories: [String: CategoryState] = [:]
    var products: [String: ProductState] = [:]
    var inventory: [String: InventoryState] = [:]
    var users: [UUID: UserState] = [:]
    var orders: [UUID: OrderState] = [:]
    var versions: [String: Int64] = [:]
    let start = Date(timeIntervalSince1970: 1_780_000_000)
    var tick = 0

    init(seed: UInt64) {
        random = SeededGenerator(seed: seed)
    }

    /// The next command's events as an append request (nil when the chosen command was refused).
    mutating func next() -> AppendRequest? {
        tick += 1
        let events: [NexusEvent]
        do {
            events = try decideRandomCommand()
        } catch {
            return nil
        }
        guard !events.isEmpty else { return nil }
        var grouped: [(String, [NexusEvent])] = []
        for event in events {
            if let index = grouped.firstIndex(where: { $0.0 == event.streamName }) {
                grouped[index].1.append(event)
            } else {
                grouped.append((event.streamName, [event]))
            }
        }
        let streams = grouped.map { name, events in
            let current = versions[name, default: 0]
            versions[name] = current + Int64(events.count)
            return StreamAppend(
                stream: try! StreamName(name), expectedVersion: current == 0 ? .noStream : .exact(current),
                events: events.map { EventData(type: $0.eventType, schemaVersion: $0.schemaVersion, data: $0.encodedData()) }
            )
        }
        for event in events { evolve(event) }
        return AppendRequest(streams: streams)
    }

    private var now: Date { start.addingTimeInterval(Double(tick)) }

    private mutating func pick<T>(_ values: [T]) -> T? {
        values.isEmpty ? nil : values[Int.random(in: 0..<values.count, using: &random)]
    }

    private mutating func decideRandomCommand() throws -> [NexusEvent] {
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<6:
            let slug = "cat-\(Int.random(in: 0..<8, using: &random))"
            return try CategoryDecider.decide(.create(slug: slug, name: "Category \(slug)", parentSlug: nil), categories[slug] ?? .init())
        case 6..<9:
            guard let slug = pick(Array(categories.keys.sorted())) else { return [] }
            return try CategoryDecider.decide(.rename(name: "Renamed \(tick)"), categories[slug]!)
        case 9..<22:
            let sku = "SKU-\(Int.random(in: 0..<40, using: &random))"
            let slug = "cat-\(Int.random(in: 0..<8, using: &random))"
            let price = Money(amountMinor: Int64.random(in: 100...9_999, using: &random), currency: "EUR")
            return try ProductDecider.decide(
                .create(sku: sku, name: "Product \(sku)", description: "about \(sku)", price: price, categorySlug: slug),
                products[sku] ?? .init(), category: categories[slug] ?? .init())
        case 22..<30:
            guard let sku = pick(products.keys.sorted()) else { return [] }
            let slug = "cat-\(Int.random(in: 0..<8, using: &random))"
            let changes = switch Int.random(in: 0..<4, using: &random) {
            case 0: ProductChanges(name: "Name \(tick)")
            case 1: ProductChanges(description: "Description \(tick)")
            case 2: ProductChanges(price: Money(amountMinor: Int64.random(in: 100...9_999, using: &random), currency: "EUR"))
            default: ProductChanges(categorySlug: slug)
            }
            return try ProductDecider.decide(.update(changes), products[sku]!, category: categories[slug] ?? .init())
        case 30..<32:
            guard let sku = pick(products.keys.sorted()) else { return [] }
            return try ProductDecider.decide(.discontinue(at: now), products[sku]!)
        case 32..<45:
            guard let sku = pick(products.keys.sorted()) else { return [] }
            let command: InventoryCommand = Bool.random(using: &random)
                ? .receive(quantity: Int.random(in: 1...20, using: &random))
                : .adjust(delta: Int.random(in: -3...3, using: &random), reason: .damaged, note: nil)
            return try InventoryDecider.decide(command, inventory[sku] ?? .init(), product: products[sku]!)
        case 45..<55:
            let id = UUID()
            return try UserDecider.decide(
                .register(userId: id, email: "u\(tick)@example.com", name: "User \(tick)", role: .customer, reservationKey: "k\(tick)", at: now),
                .init())
        case 55..<60:
            guard let id = pick(users.keys.sorted { $0.uuidString < $1.uuidString }) else { return [] }
            let command: UserCommand = switch Int.random(in: 0..<3, using: &random) {
            case 0: .updateProfile(name: "Renamed \(tick)")
            case 1: .changeRole(.auditor)
            default: .deactivate(at: now)
            }
            return try UserDecider.decide(command, users[id]!)
        case 60..<80:
            return try placeOrder()
        default:
            return try advanceOrder()
        }
    }

    private mutating func placeOrder() throws -> [NexusEvent] {
        guard let customer = pick(users.keys.sorted { $0.uuidString < $1.uuidString }) else { return [] }
        let skus = Array(Set((0..<Int.random(in: 1...3, using: &random)).compactMap { _ in pick(products.keys.sorted()) })).sorted()
        let lines = skus.map { RequestedLine(sku: $0, quantity: Int.random(in: 1...3, using: &random)) }
        let context = OrderContext(
            customer: users[customer]!,
            products: products.filter { skus.contains($0.key) },
            inventory: inventory.filter { skus.contains($0.key) })
        return try OrderDecider.decide(.place(orderId: UUID(), customerId: customer, lines: lines, at: now), .init(), context: context)
    }

    private mutating func advanceOrder() throws -> [NexusEvent] {
        guard let id = pick(orders.keys.sorted { $0.uuidString < $1.uuidString }), let order = orders[id] else { return [] }
        switch Int.random(in: 0..<3, using: &random) {
        case 0:
            return try OrderDecider.decide(.pay(amount: order.total, at: now), order)
        case 1:
            return try OrderDecider.decide(.ship(at: now), order)
        default:
            return try OrderDecider.decide(.cancel(reason: "changed mind", at: now), order)
        }
    }

    private mutating func evolve(_ event: NexusEvent) {
        switch event.area {
        case .users:
            if case .userEmailReserved = event { return }
            guard case .some(let id) = Self.userId(event) else { return }
            users[id] = UserDecider.evolve(users[id] ?? .init(), event)
        case .catalog:
            switch event {
            case .categoryCreated(let e): categories[e.slug] = CategoryDecider.evolve(categories[e.slug] ?? .init(), event)
            case .categoryRenamed(let e): categories[e.slug] = CategoryDecider.evolve(categories[e.slug] ?? .init(), event)
            default:
                let sku = String(event.streamName.dropFirst("product-".count))
                products[sku] = ProductDecider.evolve(products[sku] ?? .init(), event)
            }
        case .inventory:
            let sku = String(event.streamName.dropFirst("inventory-".count))
            inventory[sku] = InventoryDecider.evolve(inventory[sku] ?? .init(), event)
        case .orders:
            guard let id = UUID(uuidString: String(event.streamName.dropFirst("order-".count))) else { return }
            orders[id] = OrderDecider.evolve(orders[id] ?? .init(), event)
        }
    }

    private static func userId(_ event: NexusEvent) -> UUID? {
        switch event {
        case .userRegistered(let e): e.userId
        case .userProfileUpdated(let e): e.userId
        case .userRoleChanged(let e): e.userId
        case .userDeactivated(let e): e.userId
        default: nil
        }
    }
}

extension Workload {
    /// Appends commands of a workload seeded with `seed` until at least `events` events are
    /// stored; returns the workload (its final states) and every stored event in global order.
    static func append(seed: UInt64, events: Int, to store: any EventStore) async throws -> (Workload, [RecordedEvent]) {
        var workload = Workload(seed: seed)
        var appended = 0
        while appended < events {
            guard let request = workload.next() else { continue }
            _ = try await store.append(request)
            appended += request.streams.reduce(0) { $0 + $1.events.count }
        }
        return (workload, try await store.readAll(after: 0, limit: 100_000))
    }
}
