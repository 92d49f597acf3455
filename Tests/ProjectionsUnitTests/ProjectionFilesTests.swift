import Foundation
import Projections
import Testing

@Suite("Projection definitions in projections/")
struct ProjectionFilesTests {
    @Test("each projection's SQL file equals the DDL the binary runs", arguments: ProjectionCatalog.all.map(\.name))
    func sqlFileMatches(name: String) throws {
        let projection = try ProjectionCatalog.named(name)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let file = root.appendingPathComponent("projections").appendingPathComponent(projection.sqlFileName)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text == projection.sqlFile, "regenerate with: nexus projections sql --write")
    }

    @Test("table names are unique across projections")
    func uniqueTables() {
        let names = ProjectionCatalog.all.flatMap { $0.tables.map(\.name) }
        #expect(Set(names).count == names.count)
    }
}
