/// The text the detectors read: a normalised copy of the input with a map back to the
/// original bytes.
///
/// Normalisation folds what attackers use to slip past literal matching, scalar by scalar:
/// invisible characters (zero-width, bidi controls, soft hyphen, variation selectors, combining
/// marks) are dropped; Unicode tag characters (U+E0020–E007E, "ASCII smuggling") become the
/// ASCII they encode; fullwidth forms, mathematical alphanumerics, circled letters and
/// ligatures become ASCII (the NFKC compatibility mappings that matter for matching); Latin
/// letters lose their diacritics (`é` → `e`, `ß` → `ss`); Cyrillic and Greek letters are
/// lower-cased and those that look like Latin letters become them (`о` → `o`); typographic
/// quotes, dashes and spaces become their ASCII forms. ASCII itself is left as it is (no case
/// folding: detectors that ignore case fold as they read).
///
/// The same function normalises detector patterns, so a pattern written in Russian or
/// French matches the input however it is spelled, as long as both go through here.
///
/// Pure ASCII input (the common case) is used as it is, with no maps.
struct NormalizedText {
    /// The normalised UTF-8 bytes.
    let bytes: [UInt8]
    /// For each normalised byte, the original byte offset of the scalar it came from (empty
    /// when the text is unchanged).
    private let starts: [Int32]
    /// For each normalised byte, the original byte offset just past that scalar.
    private let ends: [Int32]
    /// Byte length of the original text.
    let originalCount: Int
    /// How many invisible characters (zero-width, bidi controls, tag characters...) the
    /// original held: a signal for hidden instructions.
    let hiddenCharacterCount: Int
    /// How many Unicode tag characters (U+E0000–E007F) the original held.
    let tagCharacterCount: Int

    /// True when the normalised bytes are the original bytes.
    var isIdentity: Bool { starts.isEmpty }

    /// True when every normalised byte is ASCII. Known without a pass when the text was left
    /// as it is (only ASCII input is).
    var bytesAreASCII: Bool { isIdentity || Self.isASCII(bytes) }

    init(_ text: String) {
        var utf8 = Array(text.utf8)
        self.init(utf8: &utf8)
    }

    /// Normalises valid UTF-8 (as every Swift `String` is).
    init(utf8 original: inout [UInt8]) {
        originalCount = original.count
        if Self.isASCII(original) {
            bytes = original
            starts = []
            ends = []
            hiddenCharacterCount = 0
            tagCharacterCount = 0
            return
        }
        var out: [UInt8] = []
        out.reserveCapacity(original.count)
        var starts: [Int32] = []
        var ends: [Int32] = []
        starts.reserveCapacity(original.count)
        ends.reserveCapacity(original.count)
        var hidden = 0
        var tags = 0
        var i = 0
        let n = original.count
        while i < n {
            let (scalar, length) = Self.decode(original, at: i)
            let s = Int32(i)
            let e = Int32(i + length)
            let before = out.count
            switch Self.map(scalar) {
            case .keep:
                out.append(contentsOf: original[i..<(i + length)])
            case .drop:
                hidden += Self.isInvisible(scalar) ? 1 : 0
                if scalar >= 0xE0000 { tags += 1 }
            case .ascii(let a):
                if scalar >= 0xE0000 { tags += 1; hidden += 1 }
                out.append(a)
            case .ascii2(let a, let b):
                out.append(a)
                out.append(b)
            case .ascii3(let a, let b, let c):
                out.append(a)
                out.append(b)
                out.append(c)
            case .scalar(let replacement):
                Self.encode(replacement, into: &out)
            }
            for _ in before..<out.count {
                starts.append(s)
                ends.append(e)
            }
            i += length
        }
        bytes = out
        self.starts = starts
        self.ends = ends
        hiddenCharacterCount = hidden
        tagCharacterCount = tags
    }

    /// True when every byte is ASCII. Eight bytes at a time, OR-ed together (the compiler
    /// vectorises it): a per-byte `contains(where:)` cost ~0.5 ns per byte of every scan.
    static func isASCII(_ raw: UnsafeRawBufferPointer) -> Bool {
        let n = raw.count
        var acc: UInt64 = 0
        var i = 0
        while i + 8 <= n {
            acc |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < n {
            acc |= UInt64(raw[i])
            i += 1
        }
        return acc & 0x8080_8080_8080_8080 == 0
    }

    static func isASCII(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { isASCII($0) }
    }

    /// The original byte range that normalised bytes `range` came from.
    func originalRange(_ range: Range<Int>) -> Range<Int> {
        if starts.isEmpty { return range }
        if range.isEmpty {
            let at = range.lowerBound < starts.count ? Int(starts[range.lowerBound]) : originalCount
            return at..<at
        }
        return Int(starts[range.lowerBound])..<Int(ends[range.upperBound - 1])
    }

    /// A finding over normalised bytes `range`, with its span mapped to the original text.
    func finding(_ category: DetectionCategory, _ kind: String, _ range: Range<Int>, severity: Severity, score: Double) -> Finding {
        let r = originalRange(range)
        return Finding(category: category, kind: kind, start: r.lowerBound, end: r.upperBound, severity: severity, score: score)
    }

    /// Normalises a pattern (or any string) the way input text is normalised.
    static func normalize(_ text: String) -> [UInt8] {
        NormalizedText(text).bytes
    }

    // MARK: - Scalar mapping

    enum Mapping: Equatable {
        case keep
        case drop
        case ascii(UInt8)
        case ascii2(UInt8, UInt8)
        case ascii3(UInt8, UInt8, UInt8)
        case scalar(UInt32)
    }

    static func isInvisible(_ s: UInt32) -> Bool {
        switch s {
        case 0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B...0x180E, 0x200B...0x200F,
             0x202A...0x202E, 0x2060...0x2064, 0x2066...0x206F, 0xFE00...0xFE0F, 0xFEFF, 0xE0000...0xE007F:
            return true
        default:
            return false
        }
    }

    // Latin Extended-A (U+0100–U+017F) to base letters; '#' marks the four two-letter ligatures.
    private static let latinExtendedA: [UInt8] = Array(
        ("AaAaAa" + "CcCcCcCc" + "DdDd" + "EeEeEeEeEe" + "GgGgGgGg" + "HhHh" + "IiIiIiIiIi" + "##" + "Jj" + "Kkk"
         + "LlLlLlLlLl" + "NnNnNnnNn" + "OoOoOo" + "##" + "RrRrRr" + "SsSsSsSs" + "TtTtTt" + "UuUuUuUuUuUu" + "Ww"
         + "YyY" + "ZzZzZz" + "s").utf8)

    // Latin-1 letters U+00C0–U+00FF to base letters; '#' = special (Æ, Þ, ß, æ, þ), '.' = keep (×, ÷).
    private static let latin1: [UInt8] = Array("AAAAAA#CEEEEIIIIDNOOOOO.OUUUUY##aaaaaa#ceeeeiiiidnooooo.ouuuuy#y".utf8)

    // Lower-case Cyrillic U+0430–U+045F: Latin look-alikes (either case of the letter), 0 = none.
    private static let cyrillicLookalikes: [UInt32: UInt8] = [
        0x0430: 0x61, 0x0432: 0x62, 0x0435: 0x65, 0x043A: 0x6B, 0x043C: 0x6D, 0x043D: 0x68, 0x043E: 0x6F,
        0x0440: 0x70, 0x0441: 0x63, 0x0442: 0x74, 0x0443: 0x79, 0x0445: 0x78, 0x0451: 0x65, 0x0455: 0x73,
        0x0456: 0x69, 0x0458: 0x6A, 0x04CF: 0x6C, 0x0501: 0x64, 0x051B: 0x71, 0x051D: 0x77,
    ]
    private static let greekLookalikes: [UInt32: UInt8] = [
        0x03B1: 0x61, 0x03B2: 0x62, 0x03B5: 0x65, 0x03B6: 0x7A, 0x03B7: 0x68, 0x03B9: 0x69, 0x03BA: 0x6B,
        0x03BC: 0x6D, 0x03BD: 0x6E, 0x03BF: 0x6F, 0x03C1: 0x70, 0x03C4: 0x74, 0x03C5: 0x79, 0x03C7: 0x78,
    ]

    static func map(_ s: UInt32) -> Mapping {
        if s < 0x80 { return .keep }
        if isInvisible(s) {
            if (0xE0020...0xE007E).contains(s) { return .ascii(UInt8(s - 0xE0000)) }
            return .drop
        }
        switch s {
        case 0x0300...0x036F:  // combining diacritical marks (NFD accents)
            return .drop
        case 0x00A0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000:
            return .ascii(0x20)
        case 0x2028, 0x2029:
            return .ascii(0x0A)
        case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0xFF07:
            return .ascii(0x27)
        case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033:
            return .ascii(0x22)
        case 0x2010...0x2015, 0x2212, 0xFE63:
            return .ascii(0x2D)
        case 0x2024:
            return .ascii(0x2E)
        case 0x2039:
            return .ascii(0x3C)
        case 0x203A:
            return .ascii(0x3E)
        case 0xFF01...0xFF5E:  // fullwidth ASCII
            return .ascii(UInt8(s - 0xFEE0))
        case 0x00C0...0x00FF:
            let c = latin1[Int(s - 0xC0)]
            if c == UInt8(ascii: ".") { return .keep }
            if c != UInt8(ascii: "#") { return .ascii(c) }
            switch s {
            case 0xC6: return .ascii2(0x41, 0x45)
            case 0xDE: return .ascii2(0x54, 0x48)
            case 0xDF: return .ascii2(0x73, 0x73)
            case 0xE6: return .ascii2(0x61, 0x65)
            default: return .ascii2(0x74, 0x68)
            }
        case 0x0100...0x017F:
            let c = latinExtendedA[Int(s - 0x100)]
            if c != UInt8(ascii: "#") { return .ascii(c) }
            switch s {
            case 0x132: return .ascii2(0x49, 0x4A)
            case 0x133: return .ascii2(0x69, 0x6A)
            case 0x152: return .ascii2(0x4F, 0x45)
            default: return .ascii2(0x6F, 0x65)
            }
        case 0x0391...0x03A9 where s != 0x03A2:
            return greek(s + 0x20)
        case 0x03AC...0x03CE:
            return greek(s)
        case 0x0400...0x040F:
            return cyrillic(s + 0x50)
        case 0x0410...0x042F:
            return cyrillic(s + 0x20)
        case 0x0430...0x045F, 0x04CF, 0x0501, 0x051B, 0x051D:
            return cyrillic(s)
        case 0x2460...0x2468:  // ① – ⑨
            return .ascii(UInt8(0x31 + (s - 0x2460)))
        case 0x24B6...0x24CF:  // Ⓐ – Ⓩ
            return .ascii(UInt8(0x41 + (s - 0x24B6)))
        case 0x24D0...0x24E9:  // ⓐ – ⓩ
            return .ascii(UInt8(0x61 + (s - 0x24D0)))
        case 0xFB00: return .ascii2(0x66, 0x66)
        case 0xFB01: return .ascii2(0x66, 0x69)
        case 0xFB02: return .ascii2(0x66, 0x6C)
        case 0xFB03: return .ascii3(0x66, 0x66, 0x69)
        case 0xFB04: return .ascii3(0x66, 0x66, 0x6C)
        case 0xFB05, 0xFB06: return .ascii2(0x73, 0x74)
        case 0x1D400...0x1D6A3:  // mathematical alphanumeric letters, 52 per style
            let i = (s - 0x1D400) % 52
            return .ascii(UInt8(i < 26 ? 0x41 + i : 0x61 + (i - 26)))
        case 0x1D7CE...0x1D7FF:  // mathematical digits, 10 per style
            return .ascii(UInt8(0x30 + (s - 0x1D7CE) % 10))
        default:
            return .keep
        }
    }

    private static func cyrillic(_ lower: UInt32) -> Mapping {
        if let a = cyrillicLookalikes[lower] { return .ascii(a) }
        return .scalar(lower)
    }

    private static func greek(_ lower: UInt32) -> Mapping {
        let base: UInt32
        switch lower {
        case 0x03AC: base = 0x03B1
        case 0x03AD: base = 0x03B5
        case 0x03AE: base = 0x03B7
        case 0x03AF, 0x03CA: base = 0x03B9
        case 0x03CC: base = 0x03BF
        case 0x03CD, 0x03CB: base = 0x03C5
        case 0x03C2: base = 0x03C3
        default: base = lower
        }
        if let a = greekLookalikes[base] { return .ascii(a) }
        return .scalar(base)
    }

    // MARK: - UTF-8

    /// Decodes the scalar at `i` of valid UTF-8.
    static func decode(_ b: [UInt8], at i: Int) -> (UInt32, Int) {
        let b0 = UInt32(b[i])
        if b0 < 0x80 { return (b0, 1) }
        let n = b.count
        if b0 < 0xE0, i + 1 < n { return (((b0 & 0x1F) << 6) | (UInt32(b[i + 1]) & 0x3F), 2) }
        if b0 < 0xF0, i + 2 < n {
            return (((b0 & 0x0F) << 12) | ((UInt32(b[i + 1]) & 0x3F) << 6) | (UInt32(b[i + 2]) & 0x3F), 3)
        }
        if i + 3 < n {
            return (((b0 & 0x07) << 18) | ((UInt32(b[i + 1]) & 0x3F) << 12) | ((UInt32(b[i + 2]) & 0x3F) << 6)
                    | (UInt32(b[i + 3]) & 0x3F), 4)
        }
        return (0xFFFD, 1)  // truncated sequence: only reachable for invalid input
    }

    static func encode(_ s: UInt32, into out: inout [UInt8]) {
        switch s {
        case ..<0x80:
            out.append(UInt8(s))
        case ..<0x800:
            out.append(UInt8(0xC0 | (s >> 6)))
            out.append(UInt8(0x80 | (s & 0x3F)))
        case ..<0x10000:
            out.append(UInt8(0xE0 | (s >> 12)))
            out.append(UInt8(0x80 | ((s >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (s & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (s >> 18)))
            out.append(UInt8(0x80 | ((s >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((s >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (s & 0x3F)))
        }
    }
}
