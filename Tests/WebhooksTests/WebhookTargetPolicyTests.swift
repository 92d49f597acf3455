import Foundation
import Testing
@testable import Webhooks

@Suite struct WebhookTargetPolicyTests {
    let policy = WebhookTargetPolicy(allowedHosts: ["hooks.example.com", "localhost", "127.0.0.1"])

    @Test func allowedHostsOnly() throws {
        #expect(try policy.check("https://hooks.example.com/in").host == "hooks.example.com")
        #expect(try policy.check("https://HOOKS.example.com/in").host?.lowercased() == "hooks.example.com")
        #expect(throws: WebhookError.self) { try policy.check("https://evil.example.com/in") }
        #expect(throws: WebhookError.self) { try WebhookTargetPolicy().check("https://hooks.example.com/in") }
    }

    @Test(arguments: [
        "", "hooks.example.com/in", "ftp://hooks.example.com/in", "https://user:pw@hooks.example.com/in",
        "https://hooks.example.com/a\u{0}b", "https://hooks.example.com/a b", "https://hooks.example.com/#x",
        "https://hooks.example.com/" + String(repeating: "a", count: WebhookLimits.maximumURLBytes),
    ])
    func malformedURLsAreRefused(_ url: String) {
        #expect(throws: WebhookError.self) { try policy.check(url) }
    }

    @Test func loopbackNeedsExplicitPermission() async throws {
        await #expect(throws: WebhookError.self) { try await policy.checkForDelivery("http://127.0.0.1:9/in") }
        await #expect(throws: WebhookError.self) { try await policy.checkForDelivery("http://localhost:9/in") }
        var open = policy
        open.allowsPrivateAddresses = true
        let target = try await open.checkForDelivery("http://127.0.0.1:9/in")
        #expect(target.url.port == 9 && target.address.description == "127.0.0.1")
    }

    @Test("every address the host resolves to must be public, and the target pins the first")
    func resolvedAddressesAreCheckedAndPinned() async throws {
        var mixed = policy
        mixed.resolver = WebhookResolver { _ in [IPAddress(bytes: [93, 184, 216, 34]), IPAddress(bytes: [10, 0, 0, 7])] }
        await #expect(throws: WebhookError.self) { try await mixed.checkForDelivery("https://hooks.example.com/in") }
        var reachable = policy
        reachable.resolver = WebhookResolver { host in host == "hooks.example.com" ? [IPAddress(bytes: [93, 184, 216, 34])] : [] }
        let target = try await reachable.checkForDelivery("https://HOOKS.example.com/in")
        #expect(target.address.description == "93.184.216.34")
        var unresolvable = policy
        unresolvable.resolver = WebhookResolver { _ in [] }
        await #expect(throws: WebhookError.self) { try await unresolvable.checkForDelivery("https://hooks.example.com/in") }
    }

    @Test(arguments: [
        ([10, 0, 0, 1], false), ([172, 16, 0, 1], false), ([192, 168, 1, 1], false), ([169, 254, 169, 254], false),
        ([100, 64, 0, 1], false), ([0, 0, 0, 0], false), ([8, 8, 8, 8], true), ([172, 32, 0, 1], true),
    ] as [([UInt8], Bool)])
    func ipv4Classes(_ bytes: [UInt8], _ isPublic: Bool) {
        #expect(IPAddress(bytes: bytes).isPublic == isPublic)
    }

    @Test func ipv6Classes() {
        var loopback = [UInt8](repeating: 0, count: 16)
        loopback[15] = 1
        #expect(!IPAddress(bytes: loopback).isPublic)
        var mapped = [UInt8](repeating: 0, count: 16)
        mapped[10] = 0xFF; mapped[11] = 0xFF; mapped[12] = 127; mapped[15] = 1
        #expect(!IPAddress(bytes: mapped).isPublic)
        #expect(!IPAddress(bytes: [0xFD] + [UInt8](repeating: 0, count: 15)).isPublic)
        #expect(!IPAddress(bytes: [0xFE, 0x80] + [UInt8](repeating: 0, count: 14)).isPublic)
        #expect(IPAddress(bytes: [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 1, count: 12)).isPublic)
    }

    @Test func eventTypesAreChecked() throws {
        #expect(try WebhookStore.checkEventTypes(["OrderPlaced", "OrderPlaced"]) == ["OrderPlaced"])
        #expect(throws: WebhookError.self) { try WebhookStore.checkEventTypes([]) }
        #expect(throws: WebhookError.self) { try WebhookStore.checkEventTypes(["OrderPlaced\u{0}"]) }
        #expect(throws: WebhookError.self) { try WebhookStore.checkEventTypes(["NoSuchEvent"]) }
        #expect(throws: WebhookError.self) { try WebhookStore.checkEventTypes(Array(repeating: "OrderPlaced", count: 101)) }
    }
}
