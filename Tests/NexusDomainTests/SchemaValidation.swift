import Foundation

/// Validates samples against schemas with python3's `jsonschema` (draft 2020-12, formats checked).
enum SchemaValidation {
    struct Output {
        var validated: Int
        var failures: [String]
        var text: String
    }

    static let script = #"""
import json, pathlib, sys
import jsonschema
root = pathlib.Path(sys.argv[1])
checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
for folder in ("samples", "broken"):
    for sample in sorted((root / folder).glob("*.json")):
        schema = json.loads((root / "schemas" / sample.name).read_text())
        errors = list(jsonschema.Draft202012Validator(schema, format_checker=checker).iter_errors(json.loads(sample.read_text())))
        print(("FAIL " if errors else "OK ") + folder + "/" + sample.name + " " + "; ".join(e.message for e in errors))
"""#

    static func run(directory: URL) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, directory.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.split(separator: "\n")
        return Output(
            validated: lines.filter { $0.hasPrefix("OK samples/") }.count,
            failures: lines.filter { $0.hasPrefix("FAIL ") }.compactMap { $0.split(separator: " ").dropFirst().first.map(String.init) },
            text: text)
    }
}
