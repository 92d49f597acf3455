import HTTPTypes
import Hummingbird
import NexusEvents

/// `/docs` (Swagger UI) and `/redoc` (ReDoc), both rendering `/openapi.json`, and the files they
/// load (`/docs/assets/{file}`), served from ``DocsAssets`` and never from another origin. Each
/// page's Content-Security-Policy allows exactly what it needs. Without configured assets every
/// one of these paths answers a 404 problem saying so.
enum DocsPages {
    /// The script that starts Swagger UI (served as a file: the pages run no inline script).
    static let swaggerInitName = "swagger-init.js"
    /// Its media type.
    static let swaggerInitContentType = "text/javascript; charset=utf-8"

    /// Swagger UI: its own scripts and styles, its inline SVG icons (`data:`), and calls to this
    /// origin for the document and "try it".
    static let swaggerPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    /// ReDoc: as Swagger UI, plus the `<style>` elements it generates at run time and its search
    /// worker, started from a `blob:` URL.
    static let redocPolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "connect-src 'self'; worker-src blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    /// The pages' media type.
    static let htmlContentType = "text/html; charset=utf-8"

    static let swaggerPage = """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Nexus API: Swagger UI</title>
        <link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
        <body><div id="swagger-ui"></div>
        <script src="/docs/assets/swagger-ui-bundle.js"></script>
        <script src="/docs/assets/\(swaggerInitName)"></script>
        </body>
        </html>
        """

    static let swaggerInit = """
        window.addEventListener("load", function () {
          window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
        });
        """

    static let redocPage = """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Nexus API: ReDoc</title></head>
        <body><redoc spec-url="/openapi.json"></redoc>
        <script src="/docs/assets/redoc.standalone.js"></script>
        </body>
        </html>
        """

    /// What the pages answer when no assets are configured.
    static let notConfigured = Problem.notFound(
        "the documentation pages are not configured on this server (set NEXUS_DOCS_ASSETS_DIR; see README)")

    static func register(on builder: APIBuilder, assets: DocsAssets?) {
        let errors = [401, 404, 429]
        for (path, summary, html, policy) in [
            ("/docs", "The API documentation in Swagger UI, with \"try it\"", swaggerPage, swaggerPolicy),
            ("/redoc", "The API documentation in ReDoc", redocPage, redocPolicy),
        ] {
            builder.add(routeDoc(path, summary, errors: errors)) { _, _ in
                guard assets != nil else { throw notConfigured }
                return Response(
                    status: .ok, headers: [.contentType: htmlContentType, .contentSecurityPolicy: policy],
                    body: .init(byteBuffer: ByteBuffer(string: html)))
            }
        }
        var asset = routeDoc("/docs/assets/{file}", "A file the documentation pages load", errors: errors)
        asset.successContentTypes = Set(DocsAssets.files.map(\.contentType) + [swaggerInitContentType]).sorted()
        asset.pathParameters["file"] = ["type": "string", "enum": .array((DocsAssets.files.map(\.name) + [swaggerInitName]).map { .string($0) })]
        builder.add(asset) { _, context in
            guard let assets else { throw notConfigured }
            let name = context.parameters.get("file") ?? ""
            if name == swaggerInitName {
                return Response(status: .ok, headers: [.contentType: swaggerInitContentType],
                                body: .init(byteBuffer: ByteBuffer(string: swaggerInit)))
            }
            guard let file = assets.contents[name] else { throw Problem.notFound("no documentation asset is named \(name)") }
            return Response(status: .ok, headers: [.contentType: file.contentType], body: .init(byteBuffer: file.body))
        }
    }

    private static func routeDoc(_ path: String, _ summary: String, errors: [Int]) -> RouteDoc {
        var doc = RouteDoc(.get, path, summary: summary, tag: "documentation", access: "public",
                           success: (200, ["type": "string"]), errors: errors)
        doc.successContentTypes = [htmlContentType]
        return doc
    }
}
