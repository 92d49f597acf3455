import Foundation

/// Progress lines on standard error, so standard output stays clean for results.
enum Progress {
    static func line(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
