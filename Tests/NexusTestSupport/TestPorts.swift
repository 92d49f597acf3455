#if canImport(Glibc)
import Glibc
#endif

/// Loopback ports for servers a test starts on a port it must know beforehand.
///
/// Linux hands out outgoing connections' local ports from 32768–60999
/// (`net.ipv4.ip_local_port_range`); a port picked at random there can be taken by any of the
/// suite's thousands of client connections before the server binds it ("Address already in
/// use"). These come from below that range and are checked free by binding them once.
public enum TestPorts {
    /// A port in 10000–32767 that nothing listened on a moment ago.
    public static func unused() -> Int {
        for _ in 0..<100 {
            let port = Int.random(in: 10_000...32_767)
            if isFree(port) { return port }
        }
        return Int.random(in: 10_000...32_767)
    }

    private static func isFree(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
