import EventStorePostgres
import Hummingbird
import Logging
import PostgresNIO

/// Turns every error into problem+json: HTTP errors keep their status; a database refusal of
/// the request's values (``PostgresNIO/PSQLError/isCausedByData``) is the caller's input, 400 for
/// reads and 422 for commands; anything else unexpected is logged and answered 503 (the store or
/// a dependency failed).
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
        } catch let error as PSQLError where error.isCausedByData {
            context.logger.notice("the database refused the request's values", metadata: ["error": "\(String(reflecting: error))"])
            return try Problem.refusedByDatabase(method: request.method).response(from: request, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            return try Problem.unavailable("the request could not be completed; retry later").response(from: request, context: context)
        }
    }
}
