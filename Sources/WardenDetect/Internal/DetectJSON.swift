/// The few JSON pieces the detectors print (the module depends on nothing, so it carries its own).
enum DetectJSON {
    /// A score with at most three decimals and no trailing zeros: `1`, `0.5`, `0.873`.
    static func score(_ value: Double) -> String {
        let clamped = value.isFinite ? min(max(value, 0), 1) : 0
        // Round half up by hand: `rounded()` calls libm, which this dependency-free module does not link.
        let milli = Int(clamped * 1000 + 0.5)
        if milli % 1000 == 0 { return String(milli / 1000) }
        var fraction = String(milli % 1000)
        while fraction.count < 3 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(milli / 1000).\(fraction)"
    }

    /// `text` as a JSON string literal (RFC 8259 escapes; non-ASCII kept as UTF-8).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for u in text.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20:
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
