import ArgumentParser
import HTTPAPI

extension HTTPServerConfiguration {
    /// Reads the HTTP settings `serve` and `dev` share from the environment:
    /// `NEXUS_CORS_ALLOWED_ORIGINS` (comma-separated origins, or `*`; default none) and
    /// `NEXUS_DOCS_ASSETS_DIR` (the Swagger UI and ReDoc files of `/docs` and `/redoc`; default none).
    mutating func readSharedEnvironment() throws {
        docsAssetsDirectory = Environment.value("NEXUS_DOCS_ASSETS_DIR")
        if let origins = Environment.value("NEXUS_CORS_ALLOWED_ORIGINS") {
            do {
                cors.allowedOrigins = try CORSPolicy.parseOrigins(origins)
            } catch {
                throw ValidationError("NEXUS_CORS_ALLOWED_ORIGINS: \(error)")
            }
        }
    }
}
