import Foundation
import NIOSSL
public import PostgresNIO

extension PostgresClient.Configuration {
    /// Parses `postgres://user:password@host:port/database` (also `postgresql://`).
    /// `?sslmode=disable` (the default here) or `require` selects TLS.
    /// - Throws: ``DatabaseURLError`` for anything else; the message never contains the password.
    public init(url text: String) throws(DatabaseURLError) {
        guard let url = URLComponents(string: text), ["postgres", "postgresql"].contains(url.scheme ?? ""),
            let host = url.host, !host.isEmpty, let user = url.user, !user.isEmpty
        else {
            throw DatabaseURLError(message: "database URL must look like postgres://user:password@host:port/database")
        }
        let database = String(url.path.drop(while: { $0 == "/" }))
        let sslMode = url.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case "disable": tls = .disable
        case "require": tls = .require(.makeClientConfiguration())
        default: throw DatabaseURLError(message: "unsupported sslmode '\(sslMode)': use disable or require")
        }
        self.init(
            host: host, port: url.port ?? 5432, username: user, password: url.password,
            database: database.isEmpty ? user : database, tls: tls
        )
    }
}

/// A database URL that cannot be used.
public struct DatabaseURLError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
