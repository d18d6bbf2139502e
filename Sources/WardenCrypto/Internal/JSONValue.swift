/// A parsed JSON value, as the token and key-set readers see it.
///
/// Numbers are split on purpose: JWT times must be integers, so an integer that fits `Int64`
/// is kept exact and everything else (fractions, exponents, out-of-range integers) is kept only
/// as text, to be rejected by whoever expected an integer.
enum JSONValue: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    /// A valid JSON number that is not an `Int64` integer: `1.5`, `1e3`, `1.0`, `9223372036854775808`.
    case number(String)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object(JSONObject)

    /// The JSON type, for messages such as "must be a string, not a number".
    var typeName: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .number: "a non-integer number"
        case .bool: "a boolean"
        case .null: "null"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// A JSON object with unique keys, remembering the order they were written in.
struct JSONObject: Sendable, Equatable {
    /// Keys in document order.
    private(set) var keys: [String] = []
    private var values: [String: JSONValue] = [:]

    /// The value for `key`, if present.
    subscript(key: String) -> JSONValue? {
        values[key]
    }

    /// Adds a member; returns `false` (and changes nothing) if the key is already present.
    mutating func insert(_ key: String, _ value: JSONValue) -> Bool {
        guard values[key] == nil else { return false }
        values[key] = value
        keys.append(key)
        return true
    }
}
