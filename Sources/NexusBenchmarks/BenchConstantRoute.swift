package import HTTPAPI
import Hummingbird

/// The reference route of the HTTP benchmarks.
package enum BenchConstantRoute {
    /// `GET /bench/constant`: the reference route (same server, same middleware, no work).
    package static let module = RouteModule { builder in
        builder.add(RouteDoc(
            .get, "/bench/constant", summary: "Benchmark reference: a constant answer", tag: "system", access: "public",
            success: (200, ["type": "object"]), errors: []
        )) { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"ok":true}"#)))
        }
    }
}
