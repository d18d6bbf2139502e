/// A small, strict RFC 8259 JSON parser for JWT headers, claims and key sets.
///
/// Strict because these bytes come from whoever sent the token: duplicate keys are rejected
/// (two `"alg"` or two `"exp"` members could be read differently by different verifiers),
/// strings must be valid UTF-8 without raw control characters, `\u` escapes must pair their
/// surrogates, nesting is capped, and nothing may follow the value.
struct JSONReader {
    struct Failure: Error, Sendable {
        var message: String
    }

    /// Deep enough for a key set (object → array → object → array); anything deeper in a token
    /// or key set is hostile or a mistake.
    static let maxDepth = 16

    private let bytes: [UInt8]
    private var pos = 0

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Parses exactly one JSON value, with optional surrounding whitespace.
    static func parse(_ bytes: [UInt8]) throws(Failure) -> JSONValue {
        var reader = JSONReader(bytes)
        reader.skipWhitespace()
        let value = try reader.parseValue(depth: 0)
        reader.skipWhitespace()
        if reader.pos < reader.bytes.count {
            throw reader.failure("unexpected \(reader.describeCurrent()) after the JSON value")
        }
        return value
    }

    /// Parses exactly one JSON value from a string.
    static func parse(_ text: String) throws(Failure) -> JSONValue {
        try parse(Array(text.utf8))
    }

    private func failure(_ message: String) -> Failure {
        Failure(message: "\(message) at byte \(pos)")
    }

    private func describeCurrent() -> String {
        guard pos < bytes.count else { return "end of input" }
        let byte = bytes[pos]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    private mutating func skipWhitespace() {
        while pos < bytes.count, bytes[pos] == 0x20 || bytes[pos] == 0x09 || bytes[pos] == 0x0A || bytes[pos] == 0x0D {
            pos += 1
        }
    }

    private mutating func expect(_ literal: StaticString) throws(Failure) {
        let start = pos
        let count = literal.utf8CodeUnitCount
        let matches = literal.withUTF8Buffer { expected in
            pos + count <= bytes.count && bytes[pos..<pos + count].elementsEqual(expected)
        }
        guard matches else {
            pos = start
            throw failure("unexpected \(describeCurrent())")
        }
        pos += count
    }

    private mutating func parseValue(depth: Int) throws(Failure) -> JSONValue {
        guard pos < bytes.count else { throw failure("unexpected end of input") }
        switch bytes[pos] {
        case UInt8(ascii: "{"): return .object(try parseObject(depth: depth + 1))
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw failure("unexpected \(describeCurrent())")
        }
    }

    private mutating func parseObject(depth: Int) throws(Failure) -> JSONObject {
        guard depth <= Self.maxDepth else { throw failure("JSON nested deeper than \(Self.maxDepth) levels") }
        pos += 1  // {
        var object = JSONObject()
        skipWhitespace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") {
            pos += 1
            return object
        }
        while true {
            skipWhitespace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else {
                throw failure("expected a string key, found \(describeCurrent())")
            }
            let keyStart = pos
            let key = try parseString()
            skipWhitespace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else {
                throw failure("expected ':' after key, found \(describeCurrent())")
            }
            pos += 1
            skipWhitespace()
            let value = try parseValue(depth: depth)
            guard object.insert(key, value) else {
                pos = keyStart
                throw failure("duplicate key \(quoted(key))")
            }
            skipWhitespace()
            guard pos < bytes.count else { throw failure("unterminated object") }
            if bytes[pos] == UInt8(ascii: ",") {
                pos += 1
                continue
            }
            if bytes[pos] == UInt8(ascii: "}") {
                pos += 1
                return object
            }
            throw failure("expected ',' or '}' in object, found \(describeCurrent())")
        }
    }

    private mutating func parseArray(depth: Int) throws(Failure) -> JSONValue {
        guard depth <= Self.maxDepth else { throw failure("JSON nested deeper than \(Self.maxDepth) levels") }
        pos += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") {
            pos += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard pos < bytes.count else { throw failure("unterminated array") }
            if bytes[pos] == UInt8(ascii: ",") {
                pos += 1
                continue
            }
            if bytes[pos] == UInt8(ascii: "]") {
                pos += 1
                return .array(elements)
            }
            throw failure("expected ',' or ']' in array, found \(describeCurrent())")
        }
    }

    private mutating func parseNumber() throws(Failure) -> JSONValue {
        let start = pos
        var isInteger = true
        if bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        guard pos < bytes.count, isDigit(bytes[pos]) else { throw failure("expected a digit in number") }
        if bytes[pos] == UInt8(ascii: "0") {
            pos += 1
            if pos < bytes.count, isDigit(bytes[pos]) { throw failure("leading zero in number") }
        } else {
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: ".") {
            isInteger = false
            pos += 1
            guard pos < bytes.count, isDigit(bytes[pos]) else { throw failure("expected a digit after '.'") }
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            isInteger = false
            pos += 1
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            guard pos < bytes.count, isDigit(bytes[pos]) else { throw failure("expected a digit in exponent") }
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        if isInteger, let value = Int64(text) { return .integer(value) }
        return .number(text)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func parseString() throws(Failure) -> String {
        pos += 1  // opening quote
        var out: [UInt8] = []
        while true {
            guard pos < bytes.count else { throw failure("unterminated string") }
            let byte = bytes[pos]
            switch byte {
            case UInt8(ascii: "\""):
                pos += 1
                guard let string = String(validating: out, as: UTF8.self) else {
                    throw failure("string is not valid UTF-8")
                }
                return string
            case UInt8(ascii: "\\"):
                pos += 1
                guard pos < bytes.count else { throw failure("unterminated escape") }
                let escape = bytes[pos]
                pos += 1
                switch escape {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"): out.append(contentsOf: try parseUnicodeEscape())
                default:
                    pos -= 1
                    throw failure("invalid escape \\\(describeCurrent())")
                }
            case 0x00..<0x20:
                throw failure("raw control character in string")
            default:
                out.append(byte)
                pos += 1
            }
        }
    }

    /// Reads the hex digits after `\u` (and a second escape for a surrogate pair) and returns
    /// the scalar as UTF-8.
    private mutating func parseUnicodeEscape() throws(Failure) -> [UInt8] {
        let first = try parseHex4()
        var scalarValue = first
        if first >= 0xD800 && first <= 0xDBFF {
            guard pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") else {
                throw failure("unpaired high surrogate in \\u escape")
            }
            pos += 2
            let second = try parseHex4()
            guard second >= 0xDC00 && second <= 0xDFFF else {
                throw failure("high surrogate not followed by a low surrogate")
            }
            scalarValue = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else if first >= 0xDC00 && first <= 0xDFFF {
            throw failure("unpaired low surrogate in \\u escape")
        }
        guard let scalar = Unicode.Scalar(scalarValue) else { throw failure("invalid \\u escape") }
        return Array(String(Character(scalar)).utf8)
    }

    private mutating func parseHex4() throws(Failure) -> UInt32 {
        guard pos + 4 <= bytes.count else { throw failure("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[pos]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw failure("invalid hex digit in \\u escape")
            }
            value = value << 4 | digit
            pos += 1
        }
        return value
    }
}
