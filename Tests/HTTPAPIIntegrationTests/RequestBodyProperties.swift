import Foundation

@testable import HTTPAPI

/// The properties request-body decoding must have for any input: checked by the libFuzzer target
/// (ops/fuzzing/RequestBodyTarget.swift, which compiles this file too) and, for every input kept
/// in ops/fuzzing/corpus/request-body (seeds and past findings), by ``RequestBodyCorpusTests``.
/// An input's first byte picks the request type, the rest is the body.
enum RequestBodyProperties {
    /// Every request body type of the command routes.
    static let types: [any (Codable & Sendable).Type] = [
        CreateCategoryRequest.self, RenameCategoryRequest.self, CreateProductRequest.self, UpdateProductRequest.self,
        ReceiveStockRequest.self, AdjustStockRequest.self, PlaceOrderRequest.self, PayOrderRequest.self,
        CancelOrderRequest.self, RegisterUserRequest.self, TokenRequest.self, UpdateProfileRequest.self, ChangeRoleRequest.self,
        ChangePasswordRequest.self, ResetPasswordRequest.self,
    ]

    /// What `input` breaks, or `nil`.
    static func violation(in input: Data) -> String? {
        guard let selector = input.first else { return nil }
        let type = types[Int(selector) % types.count]
        return roundTrip(type, Data(input.dropFirst()))
    }

    /// What decodes must encode and decode again (the server stores and answers with it).
    static func roundTrip<T: Codable>(_ type: T.Type, _ body: Data) -> String? {
        guard let value = try? RequestBodyDecoder.decode(T.self, from: body) else { return nil }
        guard let encoded = try? JSONEncoder().encode(value) else { return "\(T.self) decoded but does not encode" }
        do {
            _ = try RequestBodyDecoder.decode(T.self, from: encoded)
            return nil
        } catch {
            return "\(T.self) does not decode its own encoding (\(error))"
        }
    }
}
