import Foundation
public import NexusEvents

/// Turns an aggregate state (any plain struct) into JSON by reflection, for ``AggregateReplay``.
public enum StateRenderer {
    /// `value` as JSON: scalars as themselves, structs as objects of their stored properties.
    public static func render(_ value: Any) -> JSONValue {
        switch value {
        case let value as String: return .string(value)
        case let value as Bool: return .bool(value)
        case let value as Int: return .integer(value)
        case let value as Int64: return .integer(Int(value))
        case let value as Int32: return .integer(Int(value))
        case let value as Double: return .number(value)
        case let value as UUID: return .string(value.uuidString.lowercased())
        case let value as Date: return .string(value.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        case let value as any RawRepresentable: return render(value.rawValue)
        default: break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.map { render($0.value) } ?? .null
        case .collection, .set:
            return .array(mirror.children.map { render($0.value) })
        case .dictionary:
            var object: [String: JSONValue] = [:]
            for child in mirror.children {
                let pair = Mirror(reflecting: child.value).children.map(\.value)
                if pair.count == 2 { object["\(pair[0])"] = render(pair[1]) }
            }
            return .object(object)
        case .struct, .class:
            var object: [String: JSONValue] = [:]
            for child in mirror.children {
                if let label = child.label { object[label] = render(child.value) }
            }
            return .object(object)
        case .enum:
            return .string("\(value)")
        default:
            return .string("\(value)")
        }
    }
}
