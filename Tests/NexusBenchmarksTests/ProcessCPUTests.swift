import Foundation
import NexusBenchmarks
import Testing

@Suite("CPU time from /proc")
struct ProcessCPUTests {
    @Test("a stat line is read after the command name, which may hold spaces and parentheses")
    func parsesStat() throws {
        let line = "4242 (post gres) (x)) S 17 4242 4242 0 -1 4194560 1200 0 0 0 310 95 12 7 20 0 1 0 900 1000000 2000 18446744073709551615"
        let stat = try #require(ProcessCPU.Stat(line))
        #expect(stat.parent == 17)
        #expect(stat.ownTicks == 405)
        #expect(stat.ticksWithWaitedChildren == 424)
    }

    @Test("a truncated or garbled line gives nil")
    func refusesGarbage() {
        #expect(ProcessCPU.Stat("") == nil)
        #expect(ProcessCPU.Stat("1 (nexus) S 1 2 3") == nil)
        #expect(ProcessCPU.Stat("1 (nexus) S x 1 1 0 -1 0 0 0 0 0 a b c d 20 0 1 0") == nil)
    }

    #if os(Linux)
    @Test("this process's CPU time grows while it works")
    func ownTime() throws {
        let before = try #require(ProcessCPU.ownSeconds())
        let deadline = ContinuousClock.now + .milliseconds(300)
        var spin = 0
        while ContinuousClock.now < deadline { spin &+= 1 }
        let after = try #require(ProcessCPU.ownSeconds())
        #expect(after > before, "spun \(spin) times")
    }
    #endif
}
