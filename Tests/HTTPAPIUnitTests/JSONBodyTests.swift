import Foundation
import Testing

@testable import HTTPAPI

/// Request-body decoding without a server: which content types count as JSON, and what each
/// kind of bad body is reported as.
@Suite("JSON request bodies")
struct JSONBodyTests {
    @Test(arguments: ["application/json", "application/json; charset=utf-8", "Application/JSON", " application/json ;x=y",
                      "application/problem+json", "application/merge-patch+json"])
    func jsonMediaTypesAreAccepted(_ contentType: String) {
        #expect(JSONBody.isJSON(contentType))
    }

    @Test(arguments: [nil, "", "text/plain", "application/xml", "text/json", "application/jsonx", "json", "multipart/form-data"])
    func otherMediaTypesAreRefused(_ contentType: String?) {
        #expect(!JSONBody.isJSON(contentType))
    }

    @Test func aWellFormedBodyDecodes() throws {
        let body = Data(#"{"quantity": 5}"#.utf8)
        let request = try RequestBodyDecoder.decode(ReceiveStockRequest.self, from: body)
        #expect(request.quantity == 5)
    }

    @Test(arguments: ["", "{", "[1,", "{\"quantity\": }", "\u{0}", "nul"])
    func malformedJSONIsMalformed(_ text: String) {
        do {
            _ = try RequestBodyDecoder.decode(ReceiveStockRequest.self, from: Data(text.utf8))
            Issue.record("\(text.debugDescription) decoded")
        } catch {
            guard case .malformed = error else {
                Issue.record("\(text.debugDescription) is not JSON, so it is malformed, not invalid: \(error)")
                return
            }
        }
    }

    @Test func invalidBodiesNameEveryBadField() {
        let body = Data(#"{"quantity": "five", "unknown": 1}"#.utf8)
        do {
            _ = try RequestBodyDecoder.decode(ReceiveStockRequest.self, from: body)
            Issue.record("a mistyped and an unknown field must be refused")
        } catch {
            guard case .invalid(let errors) = error else {
                Issue.record("expected field errors, got \(error)")
                return
            }
            #expect(errors.map(\.field).sorted() == ["quantity", "unknown"])
            #expect(errors.map(\.code).sorted() == ["unknown_field", "wrong_type"])
        }
    }

    @Test(arguments: [#"[]"#, #""text""#, #"1"#, #"null"#])
    func aBodyThatIsNotAnObjectIsInvalidOrMalformed(_ text: String) {
        #expect(throws: RequestBodyDecoder.Failure.self) { try RequestBodyDecoder.decode(ReceiveStockRequest.self, from: Data(text.utf8)) }
    }
}

/// Response bodies: a value that cannot be encoded is an error, never a made-up body.
@Suite("JSON response bodies")
struct JSONResponseTests {
    private struct Reading: Encodable {
        var value: Double
    }

    @Test func aValueThatCannotBeEncodedThrowsInsteadOfAnsweringAnEmptyObject() {
        #expect(throws: EncodingError.self) { try CommandAPI.encode(Reading(value: .nan)) }
        #expect(throws: EncodingError.self) { try CommandAPI.json(Reading(value: .infinity)) }
    }

    @Test func keysAreSortedAndSlashesKept() throws {
        struct Body: Encodable {
            var zeta = 1
            var alpha = "a/b"
        }
        #expect(String(decoding: try CommandAPI.encode(Body()), as: UTF8.self) == #"{"alpha":"a/b","zeta":1}"#)
    }
}
