import Foundation
public import NIOCore

/// The Swagger UI and ReDoc files the documentation pages load, read once from a folder laid out
/// as the `drf-spectacular-sidecar` package ships them (`swagger-ui-dist/…`, `redoc/bundles/…`;
/// ``HTTPServerConfiguration/docsAssetsDirectory``). Only these names are ever served: a request
/// cannot name any other file of the folder.
public struct DocsAssets: Sendable {
    /// A served file: its URL name, its path inside the folder and its media type.
    struct File: Sendable {
        var name: String
        var path: String
        var contentType: String
    }

    /// Every file the pages load, by URL name (`/docs/assets/<name>`).
    static let files: [File] = [
        File(name: "swagger-ui.css", path: "swagger-ui-dist/swagger-ui.css", contentType: "text/css; charset=utf-8"),
        File(name: "swagger-ui-bundle.js", path: "swagger-ui-dist/swagger-ui-bundle.js", contentType: "text/javascript; charset=utf-8"),
        File(name: "redoc.standalone.js", path: "redoc/bundles/redoc.standalone.js", contentType: "text/javascript; charset=utf-8"),
    ]

    /// The largest file read (Swagger UI's bundle is about 1.5 MB).
    static let maxFileBytes = 16 * 1024 * 1024

    /// The contents and media type of each file, by URL name.
    let contents: [String: (contentType: String, body: ByteBuffer)]

    /// Reads every file from `directory`; throws naming the first that is missing or too large.
    public init(directory: String) throws(DocsAssetsError) {
        var contents: [String: (String, ByteBuffer)] = [:]
        for file in Self.files {
            let url = URL(fileURLWithPath: directory).appendingPathComponent(file.path)
            guard let data = try? Data(contentsOf: url), data.count <= Self.maxFileBytes else {
                throw DocsAssetsError(directory: directory, file: file.path)
            }
            contents[file.name] = (file.contentType, ByteBuffer(bytes: data))
        }
        self.contents = contents
    }
}

/// A documentation asset could not be read.
public struct DocsAssetsError: Error, CustomStringConvertible {
    /// The configured folder.
    public var directory: String
    /// The file (relative to the folder) that is missing, unreadable or too large.
    public var file: String

    public var description: String {
        "documentation assets: \(file) is missing, unreadable or larger than \(DocsAssets.maxFileBytes) bytes in \(directory)"
    }
}
