import ArgumentParser
import HTTPAPI
import NexusConfiguration

extension HTTPServerConfiguration {
    /// Reads the HTTP settings `serve` and `dev` share from the environment:
    /// `NEXUS_CORS_ALLOWED_ORIGINS` (comma-separated origins, or `*`; default none) and
    /// `NEXUS_DOCS_ASSETS_DIR` (the Swagger UI and ReDoc files of `/docs` and `/redoc`; default none).
    mutating func readSharedEnvironment() throws {
        let settings = NexusSettings.current
        docsAssetsDirectory = settings.docsAssetsDirectory
        if let origins = settings.corsAllowedOrigins {
            do {
                cors.allowedOrigins = try CORSPolicy.parseOrigins(origins)
            } catch {
                throw ValidationError("NEXUS_CORS_ALLOWED_ORIGINS: \(error)")
            }
        }
    }
}
