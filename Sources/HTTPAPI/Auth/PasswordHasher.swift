import Dispatch
import HummingbirdBcrypt

/// bcrypt, run off the cooperative thread pool (hashing is deliberately slow).
struct PasswordHasher: Sendable {
    /// The bcrypt cost (work factor), 4…31.
    let cost: UInt8

    private static let queue = DispatchQueue(label: "nexus.bcrypt", attributes: .concurrent)

    func hash(_ password: String) async -> String {
        await withCheckedContinuation { continuation in
            Self.queue.async { [cost] in continuation.resume(returning: Bcrypt.hash(password, cost: cost)) }
        }
    }

    func verify(_ password: String, hash: String) async -> Bool {
        await withCheckedContinuation { continuation in
            Self.queue.async { continuation.resume(returning: Bcrypt.verify(password, hash: hash)) }
        }
    }
}
