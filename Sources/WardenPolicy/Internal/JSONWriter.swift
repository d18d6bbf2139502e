/// Deterministic JSON text: sorted keys for `PolicyValue` maps, a fixed field order for
/// decisions, shortest round-trip numbers, and no platform-dependent escaping, so every binding
/// prints byte-identical output.
enum JSONWriter {
    static func write(_ value: PolicyValue, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += format(d)
        case .string(let s): appendQuoted(s, into: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, into: &out)
            }
            out += "]"
        case .object(let map):
            out += "{"
            for (i, key) in map.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
                if i > 0 { out += "," }
                appendQuoted(key, into: &out)
                out += ":"
                write(map[key]!, into: &out)
            }
            out += "}"
        }
    }

    /// JSON has no NaN or infinity; they are written as `null`.
    static func format(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == d.rounded(), abs(d) < 1e15 {
            // Integral doubles keep a ".0" so the reader still sees a float.
            return String(Int64(d)) + ".0"
        }
        return String(d)
    }

    static func quoted(_ s: String) -> String {
        var out = ""
        appendQuoted(s, into: &out)
        return out
    }

    static func appendQuoted(_ s: String, into out: inout String) {
        out += "\""
        var needsEscape = false
        for b in s.utf8 where b < 0x20 || b == 0x22 || b == 0x5C {
            needsEscape = true
            break
        }
        if !needsEscape {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

/// Builds a JSON object with fields in the order they are added.
struct JSONObjectBuilder {
    private(set) var text: String
    private var count = 0

    /// `capacity`: bytes to reserve up front, so that building does not reallocate.
    init(capacity: Int = 256) {
        text = "{"
        text.reserveCapacity(capacity)
    }

    mutating func field(_ key: String, _ value: PolicyValue) {
        prefix(key)
        JSONWriter.write(value, into: &text)
    }

    mutating func field(_ key: String, string value: String) {
        prefix(key)
        JSONWriter.appendQuoted(value, into: &text)
    }

    mutating func field(_ key: String, raw json: String) {
        prefix(key)
        text += json
    }

    mutating func field(_ key: String, strings values: [String]) {
        prefix(key)
        text += "["
        for (i, v) in values.enumerated() {
            if i > 0 { text += "," }
            JSONWriter.appendQuoted(v, into: &text)
        }
        text += "]"
    }

    private mutating func prefix(_ key: String) {
        if count > 0 { text += "," }
        count += 1
        JSONWriter.appendQuoted(key, into: &text)
        text += ":"
    }

    func finish() -> String { text + "}" }
}
