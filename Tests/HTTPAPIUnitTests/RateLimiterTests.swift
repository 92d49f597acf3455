import Testing

@testable import HTTPAPI

/// The token bucket per client, driven by an explicit clock.
@Suite("Rate limiter: a token bucket per client")
struct RateLimiterTests {
    private let start = ContinuousClock.now

    @Test func aBurstIsAllowedThenTheClientWaits() {
        let limiter = RateLimiter(burst: 3, perSecond: 1)
        for _ in 1...3 { #expect(limiter.acquire("a", now: start) == nil) }
        #expect(limiter.acquire("a", now: start) == 1, "an empty bucket refills one token per second")
    }

    @Test func tokensComeBackAtTheConfiguredRateAndNoFasterThanTheBurst() {
        let limiter = RateLimiter(burst: 2, perSecond: 2)
        #expect(limiter.acquire("a", now: start) == nil)
        #expect(limiter.acquire("a", now: start) == nil)
        #expect(limiter.acquire("a", now: start) != nil)
        #expect(limiter.acquire("a", now: start + .milliseconds(500)) == nil, "half a second at 2/s gives one token")
        #expect(limiter.acquire("a", now: start + .milliseconds(500)) != nil)
        let later = start + .seconds(3600)
        #expect(limiter.acquire("a", now: later) == nil)
        #expect(limiter.acquire("a", now: later) == nil)
        #expect(limiter.acquire("a", now: later) != nil, "an idle hour refills the bucket to its burst, not beyond")
    }

    @Test func theWaitIsRoundedUpToWholeSeconds() {
        let limiter = RateLimiter(burst: 1, perSecond: 0.25)
        #expect(limiter.acquire("a", now: start) == nil)
        #expect(limiter.acquire("a", now: start) == 4)
        #expect(limiter.acquire("a", now: start + .seconds(1)) == 3)
    }

    @Test func clientsHaveBucketsOfTheirOwn() {
        let limiter = RateLimiter(burst: 1, perSecond: 1)
        #expect(limiter.acquire("ip:10.0.0.1", now: start) == nil)
        #expect(limiter.acquire("ip:10.0.0.1", now: start) != nil)
        #expect(limiter.acquire("ip:10.0.0.2", now: start) == nil, "another client is not held back")
    }

    @Test func pruningTheTableOfManyClientsNeverFreesAThrottledOne() {
        let limiter = RateLimiter(burst: 1, perSecond: 0.001)
        #expect(limiter.acquire("busy", now: start) == nil)
        for client in 0..<10_050 { _ = limiter.acquire("client-\(client)", now: start) }
        #expect(limiter.acquire("busy", now: start) != nil, "pruning forgets full buckets only, so a throttled client stays throttled")
    }
}
