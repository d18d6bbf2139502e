/// Deterministic JSON text: sorted keys for `PolicyValue` maps, a fixed field order for
/// decisions, shortest round-trip numbers, and no platform-dependent escaping, so every binding
/// prints byte-identical output.
enum JSONWriter {
    // Built as UTF-8 bytes: one `String` append costs more than the bytes it adds, and a
    // decision is a few dozen small pieces.

    static func text(of value: PolicyValue) -> String {
        var bytes: [UInt8] = []
        write(value, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func write(_ value: PolicyValue, into out: inout [UInt8]) {
        switch value {
        case .null: append("null", to: &out)
        case .bool(let b): append(b ? "true" : "false", to: &out)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d): out.append(contentsOf: format(d).utf8)
        case .string(let s): appendQuoted(s, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let map):
            out.append(UInt8(ascii: "{"))
            for (i, key) in map.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                appendQuoted(key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(map[key]!, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    @inline(__always)
    static func append(_ literal: StaticString, to out: inout [UInt8]) {
        literal.withUTF8Buffer { out.append(contentsOf: $0) }
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
        var out: [UInt8] = []
        appendQuoted(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// `"` and `\` escaped, control characters as `\n`-style or `\u00XX` escapes (lower-case
    /// hex), everything else as it is (non-ASCII stays UTF-8).
    static func appendQuoted(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings need no escape: one scan, one copy.
        let clean = s.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            for b in bytes where b < 0x20 || b == 0x22 || b == 0x5C { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if clean != true {
            for b in s.utf8 {
                switch b {
                case 0x22: append("\\\"", to: &out)
                case 0x5C: append("\\\\", to: &out)
                case 0x0A: append("\\n", to: &out)
                case 0x0D: append("\\r", to: &out)
                case 0x09: append("\\t", to: &out)
                case 0x08: append("\\b", to: &out)
                case 0x0C: append("\\f", to: &out)
                case 0..<0x20:
                    append("\\u00", to: &out)
                    out.append(hexDigits[Int(b >> 4)])
                    out.append(hexDigits[Int(b & 0xF)])
                default: out.append(b)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// Builds a JSON object with fields in the order they are added.
struct JSONObjectBuilder {
    private var bytes: [UInt8] = []
    private var count = 0

    /// `capacity`: bytes to reserve up front, so that building does not reallocate.
    init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    mutating func field(_ key: String, _ value: PolicyValue) {
        prefix(key)
        JSONWriter.write(value, into: &bytes)
    }

    mutating func field(_ key: String, string value: String) {
        prefix(key)
        JSONWriter.appendQuoted(value, into: &bytes)
    }

    mutating func field(_ key: String, raw json: String) {
        prefix(key)
        bytes.append(contentsOf: json.utf8)
    }

    mutating func field(_ key: String, strings values: [String]) {
        prefix(key)
        bytes.append(UInt8(ascii: "["))
        for (i, v) in values.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONWriter.appendQuoted(v, into: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func prefix(_ key: String) {
        if count > 0 { bytes.append(UInt8(ascii: ",")) }
        count += 1
        JSONWriter.appendQuoted(key, into: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    /// The object's text; the builder is spent (closing it in place saves copying the bytes).
    mutating func finish() -> String {
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }
}
