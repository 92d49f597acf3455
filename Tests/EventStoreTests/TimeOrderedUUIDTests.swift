import EventStore
import Foundation
import Testing

@Suite("Time-ordered event ids")
struct TimeOrderedUUIDTests {
    @Test("version 7 layout: the time in milliseconds, version and variant bits")
    func layout() {
        let date = Date(timeIntervalSince1970: 1_764_201_600.125)
        let id = UUID.timeOrdered(at: date)
        let bytes = withUnsafeBytes(of: id.uuid) { Array($0) }
        let milliseconds = bytes[0..<6].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect(milliseconds == 1_764_201_600_125)
        #expect(bytes[6] >> 4 == 7)
        #expect(bytes[8] >> 6 == 0b10)
        #expect(id.uuidString.dropFirst(14).first == "7")
    }

    @Test("ids made later sort after ids made earlier; ids made together are distinct")
    func orderAndUniqueness() {
        let start = Date()
        let earlier = (0..<100).map { _ in UUID.timeOrdered(at: start) }
        let later = UUID.timeOrdered(at: start.addingTimeInterval(0.002))
        #expect(earlier.allSatisfy { $0.uuidString < later.uuidString })
        #expect(Set(earlier).count == earlier.count)
        let many = (0..<10_000).map { _ in UUID.timeOrdered() }
        #expect(Set(many).count == many.count)
    }
}
