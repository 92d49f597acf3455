import Foundation
import Testing

/// Orders are placed only for registered, active customers: an admin's order for a made-up id,
/// an auditor, an admin or a deactivated customer is refused and reserves nothing.
@Suite("Who an order may be for")
struct OrderCustomerTests {
    @Test func ordersForAnyoneButAnActiveCustomerAreRefusedWithoutReservingStock() async throws {
        try await APIHarness.run("http_order_customer") { api in
            let admin = try await api.token()
            try await api.product("WHO-1", stock: 5, admin: admin)
            let adminId = try #require(try await api.send(.post, "/auth/token", json: #"{"email":"\#(APIHarness.adminEmail)","password":"\#(APIHarness.adminPassword)"}"#).string("userId"))
            let auditor = try await api.send(
                .post, "/users", json: #"{"email":"audit-who@example.com","password":"auditor-pw","name":"Audrey","role":"auditor"}"#, token: admin)
            let gone = try await api.customer("gone")
            #expect(try await api.send(.post, "/users/\(gone.id)/deactivate", token: admin).status == 200)
            let before = try await api.log().count

            let refused: [(String, String)] = [
                ("a made-up id", #","customerId":"\#(UUID().uuidString)""#),
                ("an auditor", #","customerId":"\#(try #require(auditor.string("id")))""#),
                ("an admin", #","customerId":"\#(adminId)""#),
                ("the admin itself", ""),
                ("a deactivated customer", #","customerId":"\#(gone.id)""#),
            ]
            for (name, customer) in refused {
                let reply = try await api.send(.post, "/orders", json: #"{"lines":[{"sku":"WHO-1","quantity":1}]\#(customer)}"#, token: admin)
                #expect(reply.status == 422, "\(name): \(reply.text)")
                #expect(reply.problemType == "/problems/unknown-reference", "\(name): \(reply.text)")
                #expect(reply.problemFields == ["customerId"], "\(name): \(reply.text)")
            }
            #expect(try await api.log().count == before, "nothing reserved, nothing appended")

            let carol = try await api.customer("carol")
            let forCarol = try await api.send(.post, "/orders", json: #"{"lines":[{"sku":"WHO-1","quantity":1}],"customerId":"\#(carol.id)"}"#, token: admin)
            #expect(forCarol.status == 201, "an admin may order for a customer: \(forCarol.text)")
            #expect(try await api.send(.post, "/orders", json: #"{"lines":[{"sku":"WHO-1","quantity":1}]}"#, token: carol.token).status == 201)
        }
    }
}
