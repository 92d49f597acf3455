import Foundation
import NexusEvents
import Testing

/// The committed `events/` directory must be exactly what the Swift types generate,
/// and every sample must satisfy its schema.
@Suite("Event contract")
struct EventContractTests {
    static let eventsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("events")

    @Test func committedFilesEqualTheGeneratedContract() throws {
        let generated = try EventContract.files()
        for (path, contents) in generated {
            let url = Self.eventsDirectory.appendingPathComponent(path)
            let committed = try? String(contentsOf: url, encoding: .utf8)
            #expect(committed == contents, "events/\(path) differs from the generated contract: run `nexus contract generate`")
        }
        for folder in ["schemas", "samples"] {
            let names = try FileManager.default.contentsOfDirectory(
                atPath: Self.eventsDirectory.appendingPathComponent(folder).path)
            let stale = names.filter { generated["\(folder)/\($0)"] == nil }
            #expect(stale.isEmpty, "events/\(folder) has files no Swift type generates: \(stale)")
        }
    }

    @Test func thereIsASchemaAndASampleForEveryTypeAndVersion() throws {
        let generated = try EventContract.files()
        #expect(generated["schemas/StockAdjusted.v1.json"] != nil)
        #expect(generated["schemas/StockAdjusted.v2.json"] != nil)
        for type in EventContract.payloadTypes {
            #expect(generated["schemas/\(type.typeKey).json"] != nil)
            #expect(generated["samples/\(type.typeKey).json"] != nil)
        }
    }

    @Test func schemasRecordTypesFormatsAndRequiredFields() throws {
        let schema = try EventContract.schema(of: CategoryCreated.self)
        guard case .object(let object) = schema, case .array(let required)? = object["required"],
              case .object(let properties)? = object["properties"]
        else { Issue.record("not an object schema"); return }
        #expect(required == ["name", "slug"])
        #expect(properties["parentSlug"] == ["type": "string"])
        let placed = try EventContract.schema(of: OrderPlaced.self).prettyText()
        #expect(placed.contains(#""format" : "date-time""#))
        #expect(placed.contains(#""format" : "uuid""#))
        #expect(placed.contains(#""amountMinor" : {"#))
    }

    @Test func everySampleSatisfiesItsSchemaAndABrokenOneDoesNot() throws {
        let files = try EventContract.files()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nexus-contract-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        for (path, contents) in files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, atomically: true, encoding: .utf8)
        }
        let broken = directory.appendingPathComponent("broken/OrderPaid.v1.json")
        try FileManager.default.createDirectory(at: broken.deletingLastPathComponent(), withIntermediateDirectories: true)
        try #"{"orderId":"9B2D7A3C-1E4F-4A5B-8C6D-7E8F9A0B1C2D","amount":{"amountMinor":"12","currency":"EUR"}}"#
            .write(to: broken, atomically: true, encoding: .utf8)
        let output = try SchemaValidation.run(directory: directory)
        #expect(output.validated == files.keys.filter { $0.hasPrefix("samples/") }.count, "\(output.text)")
        #expect(output.failures == ["broken/OrderPaid.v1.json"], "\(output.text)")
    }
}
