import Foundation
@testable import HTTPAPI
import Testing

/// A verified token is remembered until it expires, never longer.
@Suite("Verified tokens")
struct VerifiedTokensTests {
    let principal = Principal(userId: UUID(), role: .customer)

    @Test func aTokenIsKnownUntilItExpires() {
        let tokens = VerifiedTokens(capacity: 10)
        let now = Date()
        tokens.keep("token-a", principal, until: now.addingTimeInterval(60))
        #expect(tokens.principal(of: "token-a", at: now) == principal)
        #expect(tokens.principal(of: "token-a", at: now.addingTimeInterval(60)) == nil, "expired at its exp")
        #expect(tokens.principal(of: "token-a", at: now) == nil, "an expired entry is dropped")
        #expect(tokens.principal(of: "token-b", at: now) == nil)
    }

    @Test func aFullCacheStartsOver() {
        let tokens = VerifiedTokens(capacity: 2)
        let later = Date().addingTimeInterval(60)
        for name in ["a", "b", "c"] { tokens.keep(name, principal, until: later) }
        #expect(tokens.principal(of: "a", at: Date()) == nil)
        #expect(tokens.principal(of: "c", at: Date()) == principal)
    }

    @Test func aTokenVerifiedBeforeItExpiredIsRefusedAfter() async throws {
        let service = await TokenService(secret: "verified-tokens-secret-0123456789abcdef", lifetime: .seconds(1))
        let (token, expiresAt) = try await service.issue(for: principal)
        #expect(try await service.verify(token) == principal)
        while Date() <= expiresAt { try await Task.sleep(for: .milliseconds(100)) }
        await #expect(throws: Problem.self) { try await service.verify(token) }
    }
}
