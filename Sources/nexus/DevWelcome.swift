import Foundation
import ServiceLifecycle

/// Part of `nexus dev`: once the API answers, loads the demo data and prints where to point
/// curl and kcat; then waits for shutdown.
struct DevWelcome: Service {
    let baseURL: URL
    let kafkaBootstrap: String
    let databaseURL: String
    let topicPrefix: String
    let loadsDemoData: Bool

    func run() async throws {
        let client = APIClient(baseURL: baseURL)
        try await client.waitUntilHealthy()
        var lines: [String] = []
        if loadsDemoData {
            do {
                lines = try await DemoData(client: client).load()
            } catch {
                lines = ["demo data could not be loaded: \(error)"]
            }
        }
        FileHandle.standardOutput.write(Data((banner(demo: lines) + "\n").utf8))
        try await gracefulShutdown()
    }

    private func banner(demo: [String]) -> String {
        let api = baseURL.absoluteString
        let admin = DemoData.admin
        let customer = DemoData.customers[0]
        return """

            ══ Nexus is running ══════════════════════════════════════════════════════════
            API           \(api)        (OpenAPI: \(api)/openapi.json)
            health        \(api)/health   \(api)/ready   \(api)/metrics
            Kafka         \(kafkaBootstrap)   (embedded broker; topics \(topicPrefix)users|catalog|inventory|orders)
            PostgreSQL    \(databaseURL)
            \(demo.isEmpty ? "demo data     not loaded" : "demo data     " + demo.joined(separator: "\n              "))

            accounts      admin     \(admin.email) / \(admin.password)
                          auditor   \(DemoData.auditor.email) / \(DemoData.auditor.password)
                          customers \(DemoData.customers.map { "\($0.email) / \($0.password)" }.joined(separator: ", "))

            Try it (paste into a shell):
              API=\(api)
              ADMIN=$(curl -s $API/auth/token -H 'content-type: application/json' -d '{"email":"\(admin.email)","password":"\(admin.password)"}' | sed 's/.*"accessToken":"\\([^"]*\\)".*/\\1/')
              ALICE=$(curl -s $API/auth/token -H 'content-type: application/json' -d '{"email":"\(customer.email)","password":"\(customer.password)"}' | sed 's/.*"accessToken":"\\([^"]*\\)".*/\\1/')
              # commands
              curl -s $API/products -H "authorization: Bearer $ADMIN" -H 'content-type: application/json' -d '{"sku":"MUG-1","name":"Mug","description":"Stoneware","price":{"amountMinor":1299,"currency":"EUR"},"categorySlug":"kitchen"}'
              curl -s $API/inventory/MUG-1/receipts -H "authorization: Bearer $ADMIN" -H 'content-type: application/json' -d '{"quantity":10}'
              curl -s $API/orders -H "authorization: Bearer $ALICE" -H 'content-type: application/json' -H 'Idempotency-Key: try-1' -d '{"lines":[{"sku":"MUG-1","quantity":2}]}'
              # queries (add ?minPosition=<position from a command> to read your own writes)
              curl -s "$API/products?category=kitchen" -H "authorization: Bearer $ALICE"
              curl -s $API/stock/MUG-1 -H "authorization: Bearer $ADMIN"
              curl -s "$API/events?after=0&limit=5" -H "authorization: Bearer $ADMIN"
            Watch the topics:
              kcat -C -b \(kafkaBootstrap) -t \(topicPrefix)orders -f '%k  %h\\n%s\\n\\n'
            Load:   \(CommandLine.arguments[0]) simulate --url \(api) --duration 30
            Ctrl-C stops everything.
            ══════════════════════════════════════════════════════════════════════════════
            """
    }
}
