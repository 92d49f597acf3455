public import Foundation

extension UUID {
    /// A version 7 UUID (RFC 9562): 48 bits of Unix time in milliseconds, then 74 random bits.
    ///
    /// Event ids are made of these. Ids made close in time sit close together in the unique
    /// index on event ids, so an insert touches a recently used index page instead of a random
    /// one; and making one costs a `getrandom` call, where Foundation's `UUID()` on Linux opens,
    /// reads and closes `/dev/urandom` every time.
    public static func timeOrdered(at date: Date = Date()) -> UUID {
        var random = SystemRandomNumberGenerator()
        let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1000)) & 0xFFFF_FFFF_FFFF
        // Bits: 48 time | 4 version (0111) | 12 random | 2 variant (10) | 62 random.
        let high = (milliseconds << 16) | 0x7000 | (random.next() & 0x0FFF)
        let low = (random.next() & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        return UUID(high: high, low: low)
    }

    private init(high: UInt64, low: UInt64) {
        let h = high.bigEndian
        let l = low.bigEndian
        self = withUnsafeBytes(of: (h, l)) { bytes in
            UUID(uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
        }
    }
}
