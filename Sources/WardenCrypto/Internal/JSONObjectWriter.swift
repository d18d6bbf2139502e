/// Writes a flat JSON object with fields in exactly the order they are added.
///
/// Token headers and payloads are signed as bytes, so their serialization must be
/// deterministic; this writer never reorders keys or adds whitespace.
struct JSONObjectWriter {
    private var text = "{"
    private var isFirst = true

    /// Adds a string field.
    mutating func field(_ key: String, string value: String) {
        separator(key)
        text += quoted(value, limit: nil)
    }

    /// Adds an integer field.
    mutating func field(_ key: String, integer value: Int64) {
        separator(key)
        text += String(value)
    }

    /// Adds a field whose value is already serialized JSON.
    mutating func field(_ key: String, json value: String) {
        separator(key)
        text += value
    }

    /// Closes the object and returns its text.
    func finish() -> String {
        text + "}"
    }

    private mutating func separator(_ key: String) {
        if !isFirst { text += "," }
        isFirst = false
        text += quoted(key, limit: nil) + ":"
    }
}

/// A JSON string literal for `value`, with `"`, `\` and control characters escaped.
///
/// With a `limit`, the value is cut to that many characters (marked with `…`), so messages that
/// quote untrusted input stay short.
func quoted(_ value: String, limit: Int? = 64) -> String {
    var out = "\""
    var count = 0
    for scalar in value.unicodeScalars {
        if let limit, count >= limit {
            out += "…"
            break
        }
        count += 1
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
