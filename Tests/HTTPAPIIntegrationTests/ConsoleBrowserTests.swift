import Foundation
import NexusTestSupport
import Testing

@Suite("Auditor console in a browser")
struct ConsoleBrowserTests {
    /// Signs in, sees a stream's chain ✓, its state as of an earlier position, a tampered
    /// stream's ✗ and "verify this stream" naming it, and an event appended after the live tail
    /// loaded (bounded at 5 s in the script; the measured time is printed).
    @Test func theConsoleShowsChainsHistoryTamperingAndTheLiveTail() async throws {
        let database = try await TestDatabase.create(prefix: "http_console_browser")
        try await APIHarness.run("http_console_browser", database: database) { api in
            let admin = try await api.token()
            try await api.product("CON-B", stock: 5, admin: admin)
            #expect(try await api.send(.post, "/inventory/CON-B/receipts", json: #"{"quantity":7}"#, token: admin).status == 200)
            try await api.product("CON-X", stock: 3, admin: admin)
            try await ConsoleTamper.alter(database, stream: "inventory-CON-X", version: 1)
            let earlier = try #require(try await api.store.readStream(try .init("inventory-CON-B"), from: 1, limit: 1).first).position

            let port = try #require(api.client.port)
            let output = try await BrowserScript.run("console_pages.py", [
                "http://127.0.0.1:\(port)", APIHarness.adminEmail, APIHarness.adminPassword, admin,
                "inventory-CON-B", "\(earlier)", "\"onHand\" : 5", "inventory-CON-X", "CON-B",
            ])
            print("console browser test: \(output.trimmingCharacters(in: .whitespacesAndNewlines))")
            #expect(output.contains("\"liveTailSeconds\""), "\(output)")
        }
    }
}
