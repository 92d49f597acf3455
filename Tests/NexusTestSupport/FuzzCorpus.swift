public import Foundation

/// The inputs kept for a fuzz target (ops/fuzzing/corpus/<target>: seeds and every finding of
/// `ops/fuzz`, kept as a regression test), read from the repository.
public enum FuzzCorpus {
    /// Each input of `target` with its file name, in name order.
    public static func inputs(_ target: String, file: String = #filePath) throws -> [(name: String, data: Data)] {
        let root = URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let directory = root.appendingPathComponent("ops/fuzzing/corpus/\(target)")
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted().map {
            ($0, try Data(contentsOf: directory.appendingPathComponent($0)))
        }
    }
}
