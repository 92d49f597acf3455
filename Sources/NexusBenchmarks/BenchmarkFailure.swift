/// A benchmark could not run or measure (a tool missing or failing, the server not answering):
/// printed as one line by the command that ran it.
package struct BenchmarkFailure: Error, CustomStringConvertible {
    package var message: String

    package init(_ message: String) {
        self.message = message
    }

    package var description: String { message }
}
