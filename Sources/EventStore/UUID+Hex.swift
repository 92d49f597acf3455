public import Foundation

extension UUID {
    private static let lowerHex = Array("0123456789abcdef".utf8)
    private static let upperHex = Array("0123456789ABCDEF".utf8)

    /// Appends the 8-4-4-4-12 hex form (`uuidString`, or its lower-case form) to `text` without
    /// building a `String`: the relay and the export write one or more per event.
    public func appendHex(to text: inout [UInt8], uppercase: Bool = false) {
        let digits = uppercase ? Self.upperHex : Self.lowerHex
        withUnsafeBytes(of: uuid) { bytes in
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
                text.append(digits[Int(byte >> 4)])
                text.append(digits[Int(byte & 0x0F)])
            }
        }
    }
}
