import Foundation

/// The demo catalog, stock, users and orders `nexus dev` loads through the public API.
///
/// Loading is idempotent: creations that already exist answer 409 and are skipped, and
/// orders carry fixed idempotency keys, so a second `nexus dev` on the same data changes nothing.
struct DemoData {
    struct Account {
        var email: String
        var password: String
        var name: String
        var role: String
    }

    static let admin = Account(email: "admin@nexus.dev", password: "admin-password", name: "Ada Admin", role: "admin")
    static let auditor = Account(email: "auditor@nexus.dev", password: "auditor-password", name: "Otto Auditor", role: "auditor")
    static let customers = [
        Account(email: "alice@nexus.dev", password: "alice-password", name: "Alice Shopper", role: "customer"),
        Account(email: "bob@nexus.dev", password: "bob-password", name: "Bob Shopper", role: "customer"),
    ]

    /// (slug, name, parent slug)
    static let categories: [(String, String, String?)] = [
        ("kitchen", "Kitchen", nil),
        ("knives", "Knives", "kitchen"),
        ("garden", "Garden", nil),
        ("books", "Books", nil),
    ]

    /// (sku, name, price in cents, category, initial stock)
    static let products: [(String, String, Int, String, Int)] = [
        ("KNIFE-20", "Chef knife 20 cm", 4999, "knives", 40),
        ("KNIFE-PARING", "Paring knife", 1499, "knives", 60),
        ("PAN-28", "Frying pan 28 cm", 3999, "kitchen", 25),
        ("KETTLE-1L", "Kettle 1 l", 2999, "kitchen", 15),
        ("HOSE-25", "Garden hose 25 m", 3499, "garden", 20),
        ("SHEARS", "Pruning shears", 1999, "garden", 30),
        ("BOOK-DDD", "Domain-Driven Design", 5499, "books", 12),
        ("BOOK-ES", "Event Sourcing in Practice", 3999, "books", 3),
    ]

    let client: APIClient

    /// Loads everything; returns a one-line summary per step for the console.
    func load() async throws -> [String] {
        var summary: [String] = []
        let admin = try await client.token(email: Self.admin.email, password: Self.admin.password)
        var created = 0
        for account in [Self.auditor] + Self.customers {
            let body: [String: Any] = ["email": account.email, "password": account.password, "name": account.name, "role": account.role]
            created += try await create("POST", "users", token: admin, body: body) ? 1 : 0
        }
        summary.append("users: \(created) created (\(Self.customers.count + 1 - created) already there)")
        created = 0
        for (slug, name, parent) in Self.categories {
            var body: [String: Any] = ["slug": slug, "name": name]
            body["parentSlug"] = parent
            created += try await create("POST", "categories", token: admin, body: body) ? 1 : 0
        }
        summary.append("categories: \(created) created")
        created = 0
        for (sku, name, cents, category, stock) in Self.products {
            let body: [String: Any] = [
                "sku": sku, "name": name, "description": "\(name) from the demo catalog",
                "price": ["amountMinor": cents, "currency": "EUR"], "categorySlug": category,
            ]
            if try await create("POST", "products", token: admin, body: body) {
                created += 1
                _ = try await client.send("POST", "inventory/\(sku)/receipts", token: admin, body: ["quantity": stock], idempotencyKey: "demo-receipt-\(sku)")
            }
        }
        summary.append("products: \(created) created with their stock")
        summary.append(try await placeOrders(admin: admin))
        return summary
    }

    private func placeOrders(admin: String) async throws -> String {
        let alice = try await client.token(email: Self.customers[0].email, password: Self.customers[0].password)
        let bob = try await client.token(email: Self.customers[1].email, password: Self.customers[1].password)
        let plans: [(String, String, [[String: Any]], String)] = [
            (alice, "demo-order-1", [["sku": "KNIFE-20", "quantity": 1], ["sku": "PAN-28", "quantity": 1]], "ship"),
            (alice, "demo-order-2", [["sku": "BOOK-DDD", "quantity": 1]], "pay"),
            (bob, "demo-order-3", [["sku": "HOSE-25", "quantity": 2]], "cancel"),
            (bob, "demo-order-4", [["sku": "SHEARS", "quantity": 1], ["sku": "KETTLE-1L", "quantity": 1]], "place"),
        ]
        var placed = 0
        for (token, key, lines, outcome) in plans {
            let order = try await client.send("POST", "orders", token: token, body: ["lines": lines], idempotencyKey: key)
            guard order.isSuccess, let id = order.json["id"] as? String else { continue }
            placed += order.json["replayed"] as? Bool == true ? 0 : 1
            if outcome == "pay" || outcome == "ship", let total = try await orderTotal(lines) {
                _ = try await client.send("POST", "orders/\(id)/pay", token: token, body: ["amount": ["amountMinor": total, "currency": "EUR"]], idempotencyKey: "\(key)-pay")
            }
            if outcome == "ship" {
                _ = try await client.send("POST", "orders/\(id)/ship", token: admin, idempotencyKey: "\(key)-ship")
            }
            if outcome == "cancel" {
                _ = try await client.send("POST", "orders/\(id)/cancel", token: token, body: ["reason": "changed my mind"], idempotencyKey: "\(key)-cancel")
            }
        }
        return "orders: \(placed) placed (paid, shipped, cancelled and open ones)"
    }

    private func orderTotal(_ lines: [[String: Any]]) async throws -> Int? {
        var total = 0
        for line in lines {
            guard let sku = line["sku"] as? String, let quantity = line["quantity"] as? Int,
                let product = Self.products.first(where: { $0.0 == sku })
            else { return nil }
            total += product.2 * quantity
        }
        return total
    }

    /// Sends a creation; true when created, false when it already existed (409).
    private func create(_ method: String, _ path: String, token: String, body: [String: Any]) async throws -> Bool {
        let response = try await client.send(method, path, token: token, body: body)
        if response.isSuccess { return true }
        if response.status == 409 { return false }
        throw CommandFailure("demo data: \(method) /\(path) answered \(response.status): \(response.json["detail"] ?? "")")
    }
}
