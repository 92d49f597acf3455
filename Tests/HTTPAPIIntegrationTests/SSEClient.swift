import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain HTTP/1.1 client for the live feed over a blocking socket: it sends one GET and reads
/// Server-Sent Events from the chunked answer only when asked, so a test can also stop reading.
final class SSEClient: @unchecked Sendable {
    /// One event as the client received it.
    struct Event: Sendable, Equatable {
        var id: String?
        var event: String?
        var data: String
    }

    private let socket: Int32
    private var raw: [UInt8] = []
    private var headerEnd: Int?
    private var body: [UInt8] = []
    private var chunkOffset = 0
    private var text = ""
    private(set) var status = 0
    /// How many `: heartbeat` comments arrived.
    private(set) var heartbeats = 0
    private(set) var closed = false

    /// Connects to 127.0.0.1:`port` and sends `GET path` with `headers`; `receiveBuffer` shrinks
    /// the socket's receive buffer (to stall the server sooner when not reading).
    init(port: Int, path: String, headers: [String: String], receiveBuffer: Int32? = nil) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw HarnessError(message: "socket: \(errno)") }
        if var size = receiveBuffer {
            setsockopt(socket, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw HarnessError(message: "connect: \(errno)") }
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
            + headers.map { "\($0): \($1)\r\n" }.joined() + "\r\n"
        _ = request.utf8CString.withUnsafeBufferPointer { send(socket, $0.baseAddress, $0.count - 1, 0) }
    }

    deinit { close(socket) }

    /// Closes the connection (as a client going away does).
    func disconnect() {
        shutdown(socket, Int32(SHUT_RDWR))
    }

    /// Reads until `done(events so far)` holds, the server closes, or `limit` passes; returns
    /// every event received.
    func read(within limit: Duration = .seconds(20), until done: @Sendable ([Event]) -> Bool) async throws -> [Event] {
        let deadline = ContinuousClock.now + limit
        var events: [Event] = []
        while !closed, ContinuousClock.now < deadline {
            try await pump()
            events += takeEvents()
            if status != 0, status != 200 || done(events) { break }
        }
        return events
    }

    /// Reads everything until the server closes (throws after `limit`); returns how many bytes came.
    func drainUntilClosed(within limit: Duration) async throws -> Int {
        let deadline = ContinuousClock.now + limit
        var total = 0
        while !closed {
            guard ContinuousClock.now < deadline else { throw HarnessError(message: "the server kept the connection open (\(raw.count) bytes received)") }
            let before = raw.count + body.count
            try await pump()
            total += max(0, raw.count + body.count - before)
            if body.count > 1 << 20 { body.removeAll() }
        }
        return total
    }

    /// The WebSocket close frame the server sent (unmasked, code then reason) among the bytes
    /// received, if any: its code and reason.
    var webSocketClose: (code: Int, reason: String)? {
        guard let start = headerEnd.map({ $0 + 4 }) else { return nil }
        var offset = start
        while offset + 2 <= raw.count {
            let opcode = raw[offset] & 0x0F
            var length = Int(raw[offset + 1] & 0x7F)
            var header = 2
            if length == 126 {
                guard offset + 4 <= raw.count else { return nil }
                length = Int(raw[offset + 2]) << 8 | Int(raw[offset + 3])
                header = 4
            } else if length == 127 {
                guard offset + 10 <= raw.count else { return nil }
                length = raw[(offset + 2)..<(offset + 10)].reduce(0) { $0 << 8 | Int($1) }
                header = 10
            }
            let payload = offset + header
            guard payload + length <= raw.count else { return nil }
            if opcode == 0x8, length >= 2 {
                let code = Int(raw[payload]) << 8 | Int(raw[payload + 1])
                return (code, String(decoding: raw[(payload + 2)..<(payload + length)], as: UTF8.self))
            }
            offset = payload + length
        }
        return nil
    }

    /// The answer's head (status line and headers), once received.
    var head: String { headerEnd.map { String(decoding: raw[..<$0], as: UTF8.self) } ?? "" }

    /// One blocking read (at most 100 ms) off the cooperative threads.
    private func pump() async throws {
        let chunk: [UInt8]? = await withCheckedContinuation { continuation in
            Thread.detachNewThread { [socket] in
                var buffer = [UInt8](repeating: 0, count: 65536)
                let count = recv(socket, &buffer, buffer.count, 0)
                if count > 0 { continuation.resume(returning: Array(buffer[..<count])) }
                else if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) { continuation.resume(returning: nil) }
                else { continuation.resume(returning: []) }
            }
        }
        guard let chunk else { closed = true; return }
        raw += chunk
        parse()
    }

    private func parse() {
        if headerEnd == nil, let end = find([13, 10, 13, 10], in: raw) {
            headerEnd = end
            status = Int(String(decoding: raw[9..<min(12, raw.count)], as: UTF8.self)) ?? -1
            chunkOffset = end + 4
        }
        // De-chunk as far as complete chunks go (an upgraded connection carries frames, not chunks).
        guard headerEnd != nil, status != 101 else { return }
        while let lineEnd = find([13, 10], in: raw, from: chunkOffset) {
            let sizeText = String(decoding: raw[chunkOffset..<lineEnd], as: UTF8.self)
            guard let size = Int(sizeText, radix: 16) else { return }
            let dataStart = lineEnd + 2
            guard raw.count >= dataStart + size + 2 else { return }
            if size == 0 { closed = true; return }
            body += raw[dataStart..<(dataStart + size)]
            chunkOffset = dataStart + size + 2
        }
    }

    private func takeEvents() -> [Event] {
        text += String(decoding: body, as: UTF8.self)
        body.removeAll()
        var events: [Event] = []
        while let range = text.range(of: "\n\n") {
            let block = text[..<range.lowerBound]
            text = String(text[range.upperBound...])
            var event = Event(data: "")
            var hasData = false
            heartbeats += block.split(separator: "\n").filter { $0 == ": heartbeat" }.count
            for line in block.split(separator: "\n") where !line.hasPrefix(":") {
                let parts = line.split(separator: ":", maxSplits: 1)
                let value = parts.count > 1 ? String(parts[1].drop { $0 == " " }) : ""
                switch parts.first {
                case "id": event.id = value
                case "event": event.event = value
                case "data": event.data += value; hasData = true
                default: break
                }
            }
            if hasData { events.append(event) }
        }
        return events
    }

    private func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int = 0) -> Int? {
        guard bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        return (start...(bytes.count - needle.count)).first { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
