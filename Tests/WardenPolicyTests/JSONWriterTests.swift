import Testing
@testable import WardenPolicy

@Suite("JSON writer")
struct JSONWriterTests {
    /// The escaping rules written out scalar by scalar, as the writer did before it worked on bytes.
    static func referenceQuoted(_ s: String) -> String {
        var out = "\""
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
        return out + "\""
    }

    @Test("strings are escaped exactly: quotes, backslashes, control characters; non-ASCII kept")
    func escaping() {
        #expect(PolicyValue.string("a\"b\\c\n\u{1}\u{1F}\u{7F}é😀").jsonText == #""a\"b\\c\n\u0001\u001f"# + "\u{7F}é😀\"")
        #expect(PolicyValue.string("").jsonText == #""""#)
        #expect(JSONWriter.quoted("tab\there\r\u{08}\u{0C}") == #""tab\there\r\b\f""#)
        var rng = RobustnessTests.RNG(state: 11)
        let alphabet: [Unicode.Scalar] = ["a", "Z", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{8}", "\u{B}", "\u{C}",
                                          "\u{1F}", "\u{7F}", "é", "ß", "€", "中", "😀", "\u{200B}"]
        for _ in 0..<3000 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<rng.below(40) { scalars.append(alphabet[rng.below(alphabet.count)]) }
            let s = String(scalars)
            #expect(JSONWriter.quoted(s) == Self.referenceQuoted(s), "\(Array(s.unicodeScalars))")
            // Long enough not to be a small string, too.
            let long = String(repeating: "x", count: 20) + s
            #expect(JSONWriter.quoted(long) == Self.referenceQuoted(long))
        }
    }

    @Test("values write with sorted keys and read back equal")
    func roundTrip() throws {
        let value: PolicyValue = .object([
            "b": .array([.int(-3), .double(2.5), .double(4), .bool(true), .null]),
            "a": .object(["z\"q": .string("line\nbreak"), "é": .string("😀")]),
            "": .string("empty key"),
        ])
        #expect(value.jsonText == #"{"":"empty key","a":{"z\"q":"line\nbreak","é":"😀"},"b":[-3,2.5,4.0,true,null]}"#)
        #expect(try PolicyValue(json: value.jsonText) == value)
        var o = JSONObjectBuilder(capacity: 4)
        o.field("k", string: "v\"")
        o.field("n", .int(7))
        o.field("raw", raw: "[1]")
        o.field("list", strings: ["x", "y\\"])
        #expect(o.finish() == #"{"k":"v\"","n":7,"raw":[1],"list":["x","y\\"]}"#)
        var empty = JSONObjectBuilder()
        #expect(empty.finish() == "{}")
    }
}
