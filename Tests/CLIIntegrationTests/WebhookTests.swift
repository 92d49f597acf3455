import Foundation
import NexusTestSupport
import Testing

/// Webhooks through the real binary: the admin API, PostgreSQL, the Kafka-protocol broker, a
/// `nexus worker` delivering, and a loopback receiver.
@Suite("Signed webhooks with retries and a dead-letter state")
struct WebhookTests {
    /// The API and worker settings: the receiver's loopback host explicitly allowed.
    static let allowLoopback: [String: String?] = [
        "NEXUS_WEBHOOK_ALLOWED_HOSTS": "127.0.0.1", "NEXUS_WEBHOOK_ALLOW_PRIVATE_ADDRESSES": "true", "NEXUS_JOB_POLL_INTERVAL": "100ms",
    ]

    @Test("a receiver failing twice gets the signed event on the third try, after waits that grow with the back-off")
    func retriesUntilDelivered() async throws {
        let shop = try await Shop.start("cli_webhook_retry", environment: Self.allowLoopback)
        let receiver = try await WebhookReceiver(failing: 2)
        let worker = try shop.worker(Self.allowLoopback.merging(["NEXUS_WEBHOOK_RETRY_BASE": "1s"]) { $1 })
        let (webhook, secret) = try await register(shop, url: receiver.url)
        let order = try await shop.placeOrder(1)

        try await TestServices.eventually(within: .seconds(90)) { receiver.deliveries.count >= 3 }
        let deliveries = receiver.deliveries
        let gaps = zip(deliveries.dropFirst(), deliveries).map { $0.arrived - $1.arrived }
        // Retry policy: 1 s, then 2 s, each shortened by at most 20 % jitter.
        #expect(gaps[0] >= .milliseconds(800), "\(gaps)")
        #expect(gaps[1] >= .milliseconds(1600), "\(gaps)")
        for delivery in deliveries {
            #expect(WebhookReceiver.verify(delivery, secret: secret))
            #expect(!WebhookReceiver.verify(delivery, secret: "whsec_" + Data(repeating: 7, count: 32).base64EncodedString()))
        }
        let event = try #require(try JSONSerialization.jsonObject(with: deliveries[2].body) as? [String: Any])
        #expect(event["id"] as? String == deliveries[2].id)
        #expect((event["type"] as? String)?.contains("OrderPlaced") == true)
        #expect(((event["data"] as? [String: Any])?["orderId"] as? String)?.lowercased() == order.lowercased())
        #expect(Set(deliveries.map(\.id)).count == 1, "every try carries the event id, for deduplication")

        let listed = try await Shop.request(shop.base + "/webhooks/\(webhook)/deliveries", token: shop.admin)
        try await TestServices.eventually(within: .seconds(30)) {
            let text = try await Shop.request(shop.base + "/webhooks/\(webhook)/deliveries", token: shop.admin).text
            return text.contains(#""state":"done""#) && text.contains(#""tries":3"#)
        }
        #expect(listed.status == 200)
        let all = try await Shop.request(shop.base + "/webhooks", token: shop.admin)
        #expect(all.status == 200 && all.text.contains(webhook) && !all.text.contains(secret) && !all.text.contains("whsec_"))
        #expect(!worker.output.contains(secret))
        receiver.stop()
        #expect(await worker.stop(signal: SIGTERM) == 0, "\(worker.output)")
        #expect(await shop.stop() == [0, 0])
    }

    @Test("a receiver that always fails: the delivery ends dead, a manual retry gets all its tries again, and one delivers it once the receiver recovers")
    func deadLetteredThenRetried() async throws {
        let shop = try await Shop.start("cli_webhook_dead", environment: Self.allowLoopback)
        let receiver = try await WebhookReceiver(failing: nil)
        let worker = try shop.worker(Self.allowLoopback.merging(["NEXUS_WEBHOOK_RETRY_BASE": "100ms", "NEXUS_WEBHOOK_MAX_ATTEMPTS": "3"]) { $1 })
        let (webhook, secret) = try await register(shop, url: receiver.url)
        _ = try await shop.placeOrder(1)

        try await TestServices.eventually(within: .seconds(90)) { try await deliveries(shop, webhook).first?["state"] as? String == "dead" }
        let dead = try #require(try await deliveries(shop, webhook).first)
        #expect(dead["tries"] as? Int == 3)
        #expect((dead["lastError"] as? String)?.contains("500") == true, "\(dead)")
        #expect(receiver.deliveries.count == 3)
        let id = try #require(dead["id"] as? Int)

        // A manual retry starts a fresh schedule: all three tries again, then dead again.
        #expect(try await Shop.request(shop.base + "/webhooks/deliveries/\(id)/retry", body: "", token: shop.customer).status == 403)
        #expect(try await Shop.request(shop.base + "/webhooks/deliveries/\(id)/retry", body: "", token: shop.admin).status == 202)
        try await TestServices.eventually(within: .seconds(90)) {
            let first = try await deliveries(shop, webhook).first
            return receiver.deliveries.count == 6 && first?["state"] as? String == "dead" && first?["tries"] as? Int == 3
        }

        receiver.recover()
        #expect(try await Shop.request(shop.base + "/webhooks/deliveries/\(id)/retry", body: "", token: shop.admin).status == 202)
        try await TestServices.eventually(within: .seconds(60)) { try await deliveries(shop, webhook).first?["state"] as? String == "done" }
        #expect(try await deliveries(shop, webhook).first?["tries"] as? Int == 1)
        #expect(receiver.deliveries.count == 7)
        #expect(WebhookReceiver.verify(try #require(receiver.deliveries.last), secret: secret))
        #expect(try await Shop.request(shop.base + "/webhooks/deliveries/\(id)/retry", body: "", token: shop.admin).status == 404)

        // Disabled and deleted webhooks get nothing new.
        #expect(try await Shop.request(shop.base + "/webhooks/\(webhook)/disable", body: "", token: shop.admin).text.contains(#""enabled":false"#))
        #expect(try await Shop.request(shop.base + "/webhooks/\(webhook)", token: shop.admin, method: "DELETE").status == 204)
        #expect(try await Shop.request(shop.base + "/webhooks/\(webhook)", token: shop.admin, method: "DELETE").status == 404)
        receiver.stop()
        #expect(await worker.stop(signal: SIGTERM) == 0, "\(worker.output)")
        #expect(await shop.stop() == [0, 0])
    }

    @Test("registration refuses hosts not allowed, callers who are not admins and hostile input with problem+json")
    func registrationIsGuarded() async throws {
        let shop = try await Shop.start("cli_webhook_guard", environment: ["NEXUS_WEBHOOK_ALLOWED_HOSTS": "hooks.example.com"])
        let valid = #"{"url":"https://hooks.example.com/in","eventTypes":["OrderPlaced"]}"#
        #expect(try await Shop.request(shop.base + "/webhooks", body: valid).status == 401)
        #expect(try await Shop.request(shop.base + "/webhooks", body: valid, token: shop.customer).status == 403)
        #expect(try await Shop.request(shop.base + "/webhooks", token: shop.customer).status == 403)
        let hostile = [
            #"{"url":"https://internal.example.com/in","eventTypes":["OrderPlaced"]}"#,
            #"{"url":"http://127.0.0.1:5432/","eventTypes":["OrderPlaced"]}"#,
            #"{"url":"https://hooks.example.com/\#(String(repeating: "a", count: 5000))","eventTypes":["OrderPlaced"]}"#,
            #"{"url":"https://hooks.example.com/a\u0000b","eventTypes":["OrderPlaced"]}"#,
            #"{"url":"https://hooks.example.com/in","eventTypes":["NoSuchEvent"]}"#,
            #"{"url":"https://hooks.example.com/in","eventTypes":[]}"#,
            #"{"url":"https://hooks.example.com/in","eventTypes":["OrderPlaced\u0000"]}"#,
            #"{"url":"https://hooks.example.com/in","eventTypes":"OrderPlaced"}"#,
            #"{"url":"https://hooks.example.com/in"}"#,
            #"{"url":"javascript:alert(1)","eventTypes":["OrderPlaced"]}"#,
        ]
        for body in hostile {
            let answer = try await Shop.request(shop.base + "/webhooks", body: body, token: shop.admin)
            #expect((400..<500).contains(answer.status), "\(body.prefix(80)): \(answer.status) \(answer.text)")
            #expect(answer.contentType == "application/problem+json", "\(body.prefix(80))")
        }
        for path in ["/webhooks/not-a-uuid/deliveries", "/webhooks/deliveries/-1/retry", "/webhooks/deliveries/99999999999999999999/retry"] {
            let answer = try await Shop.request(shop.base + path, body: path.hasSuffix("retry") ? "" : nil, token: shop.admin)
            #expect((400..<500).contains(answer.status), "\(path): \(answer.status)")
        }
        let accepted = try await Shop.request(shop.base + "/webhooks", body: valid, token: shop.admin)
        #expect(accepted.status == 201, "\(accepted.text)")
        #expect(Shop.field(accepted.text, "secret")?.hasPrefix("whsec_") == true)
        #expect(await shop.stop() == [0, 0])
    }

    @Test("secrets are stored sealed under the master key, a secret stored in clear by an older version is sealed by nexus migrate, and after nexus keys rotate deliveries still verify")
    func secretsAreSealedAtRestAndRotate() async throws {
        let shop = try await Shop.start("cli_webhook_sealed", environment: Self.allowLoopback)
        let receiver = try await WebhookReceiver(failing: 0)
        let (webhook, secret) = try await register(shop, url: receiver.url)
        let key = try #require(Data(base64Encoded: String(secret.dropFirst("whsec_".count))))
        let registered = try #require(try await storedSecret(shop, webhook))
        #expect(registered.clear == nil && registered.keyID != nil)
        let box = try #require(registered.sealed)
        #expect(box.range(of: Data(secret.utf8)) == nil && box.range(of: key) == nil, "the stored box holds no copy of the secret")

        // A webhook registered by a version that stored secrets in clear.
        let legacy = UUID()
        let legacySecret = "whsec_" + Data((0..<32).map { UInt8(255 - $0) }).base64EncodedString()
        try await TestDatabase.withClient(shop.database.configuration) { client in
            _ = try await client.query(
                "INSERT INTO webhooks (id, url, event_types, secret) VALUES (\(legacy), \(receiver.url), \(["OrderPlaced"]), \(legacySecret))")
        }
        let developmentKeys = ["NEXUS_MASTER_KEY": KeysCommandTests.developmentMaster, "NEXUS_EMAIL_LOOKUP_SECRET": KeysCommandTests.developmentLookup]
        let migrated = try await NexusBinary.run(["migrate"], databaseURL: shop.database.url, environment: developmentKeys)
        #expect(migrated.status == 0 && migrated.stdout.contains("webhooks: sealed 1 secret(s)"), "\(migrated.stdout) \(migrated.stderr)")
        let sealedLegacy = try #require(try await storedSecret(shop, legacy.uuidString))
        #expect(sealedLegacy.clear == nil && sealedLegacy.keyID == registered.keyID)
        #expect(sealedLegacy.sealed?.range(of: Data(legacySecret.utf8)) == nil)

        // Rotation re-seals both under the new key; a worker with only the new key signs with the same secrets.
        let newMaster = Data((0..<32).map { UInt8($0 * 3) }).base64EncodedString()
        let newKeys = ["NEXUS_MASTER_KEY": newMaster, "NEXUS_EMAIL_LOOKUP_SECRET": KeysCommandTests.developmentLookup]
        let rotate = try await NexusBinary.run(
            ["keys", "rotate"], databaseURL: shop.database.url,
            environment: newKeys.merging(["NEXUS_PREVIOUS_MASTER_KEYS": KeysCommandTests.developmentMaster]) { $1 })
        #expect(rotate.status == 0 && rotate.stdout.contains("re-sealed 2 webhook secret(s)"), "\(rotate.stdout) \(rotate.stderr)")
        let rotated = try #require(try await storedSecret(shop, webhook))
        #expect(rotated.clear == nil && rotated.keyID != registered.keyID && rotated.sealed != registered.sealed)
        let worker = try shop.worker(Self.allowLoopback.merging(newKeys) { $1 })
        _ = try await shop.placeOrder(1)
        try await TestServices.eventually(within: .seconds(90)) { receiver.deliveries.count >= 2 }
        let deliveries = receiver.deliveries
        #expect(deliveries.count == 2)
        #expect(deliveries.filter { WebhookReceiver.verify($0, secret: secret) }.count == 1)
        #expect(deliveries.filter { WebhookReceiver.verify($0, secret: legacySecret) }.count == 1)
        #expect(!worker.output.contains(secret) && !worker.output.contains(legacySecret))
        receiver.stop()
        #expect(await worker.stop(signal: SIGTERM) == 0, "\(worker.output)")
        #expect(await shop.stop() == [0, 0])
    }

    @Test("a webhook receives only events recorded after it was registered, also from a dispatcher starting with history in its topics")
    func onlyEventsAfterRegistration() async throws {
        let shop = try await Shop.start("cli_webhook_history", environment: Self.allowLoopback)
        let earlier = try await shop.placeOrder(1)
        let receiver = try await WebhookReceiver(failing: 0)
        let (webhook, _) = try await register(shop, url: receiver.url)
        // The dispatcher's first start: its group has no offsets, so it reads the topics from the beginning.
        let worker = try shop.worker(Self.allowLoopback)
        let later = try await shop.placeOrder(1)
        try await TestServices.eventually(within: .seconds(90)) { !receiver.deliveries.isEmpty }
        // Time for the earlier event, read before the later one, to have been enqueued had it been wanted.
        try await Task.sleep(for: .seconds(3))
        let orders = receiver.deliveries.map { delivery in
            (((try? JSONSerialization.jsonObject(with: delivery.body)) as? [String: Any])?["data"] as? [String: Any])?["orderId"] as? String
        }
        #expect(orders.map { $0?.lowercased() } == [later.lowercased()], "not \(earlier)")
        #expect(try await deliveries(shop, webhook).count == 1)
        receiver.stop()
        #expect(await worker.stop(signal: SIGTERM) == 0, "\(worker.output)")
        #expect(await shop.stop() == [0, 0])
    }

    /// The webhook's secret as stored: in clear, or sealed under a master key.
    func storedSecret(_ shop: Shop, _ webhook: String) async throws -> (clear: String?, sealed: Data?, keyID: String?)? {
        let id = try #require(UUID(uuidString: webhook))
        return try await TestDatabase.withClient(shop.database.configuration) { client in
            let rows = try await client.query("SELECT secret, sealed_secret, master_key_id FROM webhooks WHERE id = \(id)")
            for try await (clear, sealed, keyID) in rows.decode((String?, Data?, String?).self) { return (clear, sealed, keyID) }
            return nil
        }
    }

    /// Registers `url` for `OrderPlaced`; answers the webhook's id and secret.
    func register(_ shop: Shop, url: String) async throws -> (id: String, secret: String) {
        let answer = try await Shop.request(
            shop.base + "/webhooks", body: #"{"url":"\#(url)","eventTypes":["OrderPlaced"]}"#, token: shop.admin)
        guard answer.status == 201, let id = Shop.field(answer.text, "id"), let secret = Shop.field(answer.text, "secret") else {
            throw ShopError("registration: \(answer.status) \(answer.text)")
        }
        return (id, secret)
    }

    /// The webhook's deliveries as listed by the API.
    func deliveries(_ shop: Shop, _ webhook: String) async throws -> [[String: Any]] {
        let text = try await Shop.request(shop.base + "/webhooks/\(webhook)/deliveries", token: shop.admin).text
        return ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any])?["items"] as? [[String: Any]] ?? []
    }
}
