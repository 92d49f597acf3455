import Foundation

/// One simulated shopper: signs up, browses, orders, pays or cancels; restocks as admin
/// when an order is refused for stock.
struct Shopper {
    let client: APIClient
    let admin: String
    let index: Int
    let stats: SimulationStats

    func shop(until deadline: ContinuousClock.Instant) async throws {
        let email = "shopper\(index)-\(UUID().uuidString.prefix(8).lowercased())@simulate.nexus"
        _ = try await timed { try await client.send("POST", "users", body: ["email": email, "password": "shopper-password", "name": "Shopper \(index)"]) }
        let token = try await client.token(email: email, password: "shopper-password")
        var generator = SystemRandomNumberGenerator()
        while ContinuousClock.now < deadline {
            _ = try await timed { try await client.send("GET", "products", token: token) }
            let picks = DemoData.products.shuffled(using: &generator).prefix(Int.random(in: 1...3, using: &generator))
            let lines: [[String: Any]] = picks.map { ["sku": $0.0, "quantity": Int.random(in: 1...3, using: &generator)] }
            let order = try await timed { try await client.send("POST", "orders", token: token, body: ["lines": lines]) }
            if order.isSuccess, let id = order.json["id"] as? String {
                stats.record(.orderAccepted)
                if Bool.random(using: &generator) {
                    _ = try await timed { try await client.send("POST", "orders/\(id)/cancel", token: token, body: ["reason": "simulated"]) }
                    stats.record(.orderCancelled)
                }
            } else if order.status == 409 {
                stats.record(.orderRefused)
                for pick in picks {
                    _ = try await timed { try await client.send("POST", "inventory/\(pick.0)/receipts", token: admin, body: ["quantity": 20]) }
                }
                stats.record(.restock)
            } else {
                stats.record(.error)
            }
        }
    }

    private func timed(_ request: () async throws -> APIClient.Response) async throws -> APIClient.Response {
        let start = ContinuousClock.now
        let response = try await request()
        stats.recordLatency(ContinuousClock.now - start, status: response.status)
        return response
    }
}
