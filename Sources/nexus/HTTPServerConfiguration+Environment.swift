import ArgumentParser
import HTTPAPI

extension HTTPServerConfiguration {
    /// Reads the HTTP settings `serve` and `dev` share from the environment:
    /// `NEXUS_CORS_ALLOWED_ORIGINS` (comma-separated origins, or `*`; default none).
    mutating func readSharedEnvironment() throws {
        if let origins = Environment.value("NEXUS_CORS_ALLOWED_ORIGINS") {
            do {
                cors.allowedOrigins = try CORSPolicy.parseOrigins(origins)
            } catch {
                throw ValidationError("NEXUS_CORS_ALLOWED_ORIGINS: \(error)")
            }
        }
    }
}
