import Hummingbird
import Logging

/// Turns every error into problem+json: HTTP errors keep their status, anything unexpected is
/// logged and answered 503 (the store or a dependency failed, never the caller's input).
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = NexusRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            return try problem.response(from: request, context: context)
        } catch let error as HTTPError {
            let problem = switch error.status {
            case .notFound: Problem(.notFound, type: "no-route", title: "No such route", detail: "no route for \(request.method) \(request.uri.path)")
            case .contentTooLarge: Problem.tooLarge(limit: context.maxUploadSize)
            default: Problem(error.status, type: "http-error", title: error.status.reasonPhrase, detail: error.body ?? error.status.reasonPhrase)
            }
            return try problem.response(from: request, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            return try Problem.unavailable("the request could not be completed; retry later").response(from: request, context: context)
        }
    }
}
