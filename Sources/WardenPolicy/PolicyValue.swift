/// A JSON-shaped value: what action parameters, context and condition operands are made of.
///
/// Integers and floating-point numbers are kept apart so that `5000` and `5000.5` compare exactly
/// (an `Int64` is never rounded through `Double`). Strings compare by Unicode scalar values, with no
/// normalization, so every language binding sees the same answer.
public enum PolicyValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([PolicyValue])
    case object([String: PolicyValue])

    /// The name of this value's type as used in error messages (`string`, `number`, `list`...).
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .int, .double: return "number"
        case .string: return "string"
        case .array: return "list"
        case .object: return "map"
        }
    }

    /// The string payload, if this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// True for `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// True for `.int` and `.double`.
    public var isNumber: Bool {
        switch self {
        case .int, .double: return true
        default: return false
        }
    }

    /// Looks up `key` when this is an object.
    public subscript(key: String) -> PolicyValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }
}

extension PolicyValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: PolicyValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, PolicyValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}

// MARK: - Comparison

extension PolicyValue {
    /// Compares two numbers exactly, without rounding an `Int64` through `Double`.
    ///
    /// - Returns: negative, zero or positive like `strcmp`, or `nil` when either side is not a
    ///   number or is NaN.
    static func compareNumbers(_ a: PolicyValue, _ b: PolicyValue) -> Int? {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            return x < y ? -1 : (x == y ? 0 : 1)
        case (.double(let x), .double(let y)):
            if x.isNaN || y.isNaN { return nil }
            return x < y ? -1 : (x == y ? 0 : 1)
        case (.int(let x), .double(let y)):
            guard let c = compareIntDouble(x, y) else { return nil }
            return c
        case (.double(let x), .int(let y)):
            guard let c = compareIntDouble(y, x) else { return nil }
            return -c
        default:
            return nil
        }
    }

    /// Exact comparison of an integer with a double (`x` relative to `y`).
    private static func compareIntDouble(_ x: Int64, _ y: Double) -> Int? {
        if y.isNaN { return nil }
        // 2^63 is exactly representable; every Int64 is below it.
        if y >= 9_223_372_036_854_775_808.0 { return -1 }
        if y < -9_223_372_036_854_775_808.0 { return 1 }
        let t = y.rounded(.towardZero)
        let ti = Int64(t)  // in range, exact
        if x != ti { return x < ti ? -1 : 1 }
        let frac = y - t
        if frac == 0 { return 0 }
        return frac > 0 ? -1 : 1
    }

    /// Equality as policies see it: numbers by value (`1 == 1.0`), strings by Unicode scalars,
    /// lists element-wise, maps key-wise.
    ///
    /// - Returns: `nil` when the two values have different types (a type mismatch the caller must
    ///   report rather than silently treat as "not equal").
    static func policyEquals(_ a: PolicyValue, _ b: PolicyValue) -> Bool? {
        switch (a, b) {
        case (.string(let x), .string(let y)):
            return x.utf8Equals(y)
        case (.bool(let x), .bool(let y)):
            return x == y
        case (.null, .null):
            return true
        case (.int, _), (.double, _):
            guard b.isNumber else { return nil }
            return compareNumbers(a, b) == 0
        case (.array(let x), .array(let y)):
            guard x.count == y.count else { return false }
            for (l, r) in zip(x, y) {
                guard let eq = policyEquals(l, r) else { return nil }
                if !eq { return false }
            }
            return true
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            for (k, l) in x {
                guard let r = y[k] else { return false }
                guard let eq = policyEquals(l, r) else { return nil }
                if !eq { return false }
            }
            return true
        default:
            return nil
        }
    }
}

// MARK: - Rendering

extension PolicyValue: CustomStringConvertible {
    /// Compact JSON text (keys sorted, so the output is deterministic).
    public var description: String { jsonText }

    /// Compact JSON text with sorted keys.
    public var jsonText: String { JSONWriter.text(of: self) }

    /// A short rendering for reasons: strings quoted and cut to `limit` scalars with an ellipsis.
    func shortDescription(limit: Int = 40) -> String {
        switch self {
        case .string(let s):
            if s.unicodeScalars.count <= limit { return JSONWriter.quoted(s) }
            return JSONWriter.quoted(String(String.UnicodeScalarView(s.unicodeScalars.prefix(limit)))) + "…"
        default:
            let text = jsonText
            if text.unicodeScalars.count <= limit { return text }
            return String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit))) + "…"
        }
    }
}

/// A JSON syntax error with its position.
public struct JSONSyntaxError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// 1-based line.
    public var line: Int
    /// 1-based column in Unicode scalars.
    public var column: Int
    public var description: String { "line \(line), column \(column): \(message)" }
}

extension PolicyValue {
    /// Parses strict JSON (RFC 8259; duplicate keys rejected; integers kept exact).
    /// - Throws: `JSONSyntaxError` with line and column.
    public init(json text: String) throws(JSONSyntaxError) {
        do {
            self = try JSONParser.parseValue(text)
        } catch {
            throw JSONSyntaxError(message: error.message, line: error.mark.line, column: error.mark.column)
        }
    }
}
