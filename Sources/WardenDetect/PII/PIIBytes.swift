/// ASCII byte tests for the PII scanners, and the trigger table of the main loop.
enum PIIBytes {
    /// Trigger classes: what the main loop does at a byte. Every byte of plain prose (letters,
    /// spaces, most punctuation) is `none`, so the loop only looks at the few that can start
    /// personal data.
    enum Trigger: UInt8 {
        case none = 0, digit, at, plus, paren, colon
    }

    /// The `Trigger` raw value of every byte.
    static let triggers: [UInt8] = {
        var t = [UInt8](repeating: Trigger.none.rawValue, count: 256)
        for d in UInt8(ascii: "0")...UInt8(ascii: "9") { t[Int(d)] = Trigger.digit.rawValue }
        t[Int(UInt8(ascii: "@"))] = Trigger.at.rawValue
        t[Int(UInt8(ascii: "+"))] = Trigger.plus.rawValue
        t[Int(UInt8(ascii: "("))] = Trigger.paren.rawValue
        t[Int(UInt8(ascii: ":"))] = Trigger.colon.rawValue
        return t
    }()

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }
    @inline(__always) static func isUpper(_ c: UInt8) -> Bool { c &- 0x41 < 26 }
    @inline(__always) static func isLower(_ c: UInt8) -> Bool { c &- 0x61 < 26 }
    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) &- 0x61 < 26 }
    @inline(__always) static func isAlnum(_ c: UInt8) -> Bool { isDigit(c) || isLetter(c) }
    /// Letters, digits and `_`: the bytes of an identifier.
    @inline(__always) static func isWord(_ c: UInt8) -> Bool { isAlnum(c) || c == 0x5F }
    @inline(__always) static func isHex(_ c: UInt8) -> Bool { isDigit(c) || (c | 0x20) &- 0x61 < 6 }
    @inline(__always) static func lower(_ c: UInt8) -> UInt8 { isUpper(c) ? c | 0x20 : c }
}
