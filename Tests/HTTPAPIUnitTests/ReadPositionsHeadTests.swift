import Logging
import PostgresNIO
import Testing

@testable import HTTPAPI

/// Whether a `minPosition` is within the log is known without the database when this process's
/// own appends committed that far: the read after a command this process served asks nothing.
@Suite("Read positions: the log's head")
struct ReadPositionsHeadTests {
    /// A client that is never run: any query through it would wait for a connection and fail.
    private static let idleClient = PostgresClient(
        configuration: .init(host: "127.0.0.1", port: 1, username: "nexus", password: nil, database: nil, tls: .disable))

    @Test("a position up to the highest this process committed is in the log, without a query")
    func committedHereIsKnown() async throws {
        let positions = ReadPositions(client: Self.idleClient, refresh: .zero, committedHere: { 500 }, logger: Logger(label: "nexus.test"))
        let reached = try await Self.withinSeconds(2) { try await positions.logReaches(500) }
        #expect(reached == true)
        #expect(try await Self.withinSeconds(2) { try await positions.logReaches(17) } == true)
    }

    @Test("a position beyond it still asks the database")
    func beyondAsks() async throws {
        let positions = ReadPositions(client: Self.idleClient, refresh: .zero, committedHere: { 500 }, logger: Logger(label: "nexus.test"))
        #expect(try await Self.withinSeconds(2) { try await positions.logReaches(501) } == nil)
    }

    /// `body`'s result, or nil if it neither returns nor throws within `seconds` (a query
    /// waiting for a connection of the idle client) or throws.
    private static func withinSeconds(_ seconds: Int, _ body: @escaping @Sendable () async throws -> Bool) async throws -> Bool? {
        await withTaskGroup(of: Bool?.self) { group in
            group.addTask { try? await body() }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
