/// Finds base64 and hex runs of bounded length and decodes those that turn into text, so the
/// analyzer can scan what they say.
///
/// One linear pass classifies bytes; only runs of 16–4096 alphabet bytes with the mix of
/// letters and digits that encoded data has are decoded, and a decoding is kept only when it is
/// mostly printable text (valid UTF-8 without control characters).
enum InjectionPayloadDecoder {
    static let minRun = 16
    static let maxRun = 4096

    /// Per byte: bit 0 base64 alphabet (standard and URL-safe), bit 1 `=` padding; bits 2–3 the
    /// letter-spacing type (1 letter or digit, 2 space, 0 other).
    private static let classes: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 256)
        for c in 0..<256 where InjectionLexicon.isASCIIAlnum(UInt8(c)) { t[c] = 1 | 4 }
        for c in "+/-_".utf8 { t[Int(c)] = 1 }
        t[Int(UInt8(ascii: "="))] = 2
        t[0x20] = 8
        return t
    }()

    /// Letter-spaced text ("I g n o r e   a l l") is collapsed once this many bytes alternate
    /// between a letter and a space.
    static let minSpaced = 15

    /// Calls `body` with the span and decoded bytes of every run that decodes to text, and
    /// `spaced` with the span and collapsed bytes of every letter-spaced or word-per-line stretch.
    ///
    /// Eight bytes at a time, a word-parallel test keeps prose cheap: a base64 run of `minRun`
    /// bytes covers a whole aligned block without spaces, letter-spaced text covers one with
    /// four spaces; only such blocks, and newlines, are looked at byte by byte.
    static func forEachPayload(in b: UnsafeBufferPointer<UInt8>, spaced: (Range<Int>, [UInt8]) -> Void = { _, _ in },
                               _ body: (Range<Int>, [UInt8]) -> Void) {
        guard let base = b.baseAddress, b.count >= 8 else { return }
        let raw = UnsafeRawPointer(base)
        let n = b.count
        var scannedTo = 0      // base64 runs found up to here
        var spacedEnd = 0      // letter-spaced regions reported up to here
        var lineStart = 0
        var shortLines = 0
        var block = 0
        while block < n {
            let word: UInt64
            if block + 8 <= n {
                word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: block, as: UInt64.self))
            } else {
                var w: UInt64 = 0x2020_2020_2020_2020
                for k in block..<n { w = w & ~(0xFF << UInt64((k - block) * 8)) | UInt64(b[k]) << UInt64((k - block) * 8) }
                word = w
            }
            let spaces = zeroBytes(word ^ 0x2020_2020_2020_2020)
            let newlines = zeroBytes(word ^ 0x0A0A_0A0A_0A0A_0A0A)
            let blockEnd = min(n, block + 8)
            if newlines != 0 {
                for i in block..<blockEnd where b[i] == 0x0A {
                    let length = i - lineStart
                    shortLines = length > 0 && length <= 16 && !hasSpace(b, lineStart..<i) ? shortLines + 1 : 0
                    lineStart = i + 1
                    if shortLines == minShortLines {
                        let region = wordPerLineRegion(b, from: i, lines: minShortLines)
                        spaced(region, UnsafeBufferPointer(rebasing: b[region]).map { $0 == 0x0A ? 0x20 : $0 })
                    }
                }
            }
            if spaces | newlines == 0 && blockEnd > scannedTo {
                // From the space before this block to the one after it: runs cannot cross spaces.
                var from = block
                while from > scannedTo && from > block - maxRun && b[from - 1] != 0x20 && b[from - 1] != 0x0A { from -= 1 }
                var to = blockEnd
                while to < n && to - from <= maxRun + 2 && b[to] != 0x20 && b[to] != 0x0A { to += 1 }
                scanRuns(b, from..<to, body)
                scannedTo = to
            }
            // Each such block looks at most 40 bytes around it, once.
            if hasFourBits(spaces) && blockEnd > spacedEnd {
                if var at = alternationStart(b, max(0, block - 16)..<min(n, block + 24)), at >= spacedEnd {
                    if b[at] == 0x20 { at += 1 }
                    let region = spacedRegion(b, around: at)
                    spacedEnd = region.upperBound
                    spaced(region, collapse(b, region))
                }
            }
            block += 8
        }
    }

    /// `x.nonzeroBitCount >= 4`, without the software population count that baseline x86-64
    /// compiles `nonzeroBitCount` to (a dozen instructions per block): clears the lowest set
    /// bit three times.
    @inline(__always)
    static func hasFourBits(_ x: UInt64) -> Bool {
        var y = x & (x &- 1)
        y &= y &- 1
        y &= y &- 1
        return y != 0
    }

    /// The high bit of every zero byte of `x` (exact: no false positives across bytes).
    @inline(__always)
    private static func zeroBytes(_ x: UInt64) -> UInt64 {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((x & low7) &+ low7) | x | low7)
    }

    /// Decodes every run of `minRun`–`maxRun` alphabet bytes in `range`.
    private static func scanRuns(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ body: (Range<Int>, [UInt8]) -> Void) {
        classes.withUnsafeBufferPointer { classes in
            var i = range.lowerBound
            while i < range.upperBound {
                guard classes[Int(b[i])] & 1 != 0 else { i += 1; continue }
                let start = i
                while i < range.upperBound && classes[Int(b[i])] & 1 != 0 { i += 1 }
                let dataEnd = i
                while i < range.upperBound && i - dataEnd < 2 && classes[Int(b[i])] == 2 { i += 1 }
                let length = dataEnd - start
                guard length >= minRun && length <= maxRun else { continue }
                let data = UnsafeBufferPointer(rebasing: b[start..<dataEnd])
                if let decoded = decodeHex(data) ?? decodeBase64(data), isText(decoded) {
                    body(start..<i, decoded)
                }
            }
        }
    }

    /// Where `minSpaced` bytes alternating between a letter and a space start in `range`, if they do.
    private static func alternationStart(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        classes.withUnsafeBufferPointer { classes in
            var alternating = 0
            var previous: UInt8 = 0
            for i in range {
                let t = classes[Int(b[i])] >> 2
                alternating = t | previous == 3 ? alternating + 1 : 0
                previous = t
                if alternating == minSpaced { return i + 1 - minSpaced }
            }
            return nil
        }
    }

    private static func hasSpace(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        for i in r where b[i] == 0x20 || b[i] == 0x09 { return true }
        return false
    }

    /// Lines of one word each are joined and rescanned once this many follow each other.
    static let minShortLines = 4

    /// The word-per-line stretch whose `lines`-th line ends at `newline`: back to the start of
    /// its first short line, forward while lines stay short (bounded by `maxRun`).
    static func wordPerLineRegion(_ b: UnsafeBufferPointer<UInt8>, from newline: Int, lines: Int) -> Range<Int> {
        var start = newline
        var seen = 0
        while start > 0 && seen <= lines {
            if b[start - 1] == 0x0A { seen += 1; if seen == lines { break } }
            start -= 1
        }
        var end = newline + 1
        var lineStart = end
        while end < b.count && end - newline < maxRun {
            let c = b[end]
            if c == 0x20 || end - lineStart > 16 { end = lineStart; break }
            if c == 0x0A { lineStart = end + 1 }
            end += 1
        }
        return start..<min(end, b.count)
    }

    /// The letter-spaced stretch around `from`: single characters separated by one space, words
    /// by two or more, bounded by `maxRun` bytes.
    static func spacedRegion(_ b: UnsafeBufferPointer<UInt8>, around from: Int) -> Range<Int> {
        func single(_ i: Int) -> Bool {
            b[i] != 0x20 && b[i] != 0x0A && (i == 0 || b[i - 1] == 0x20) && (i + 1 == b.count || b[i + 1] == 0x20 || b[i + 1] == 0x0A)
        }
        var start = from
        while start > 0 && from - start < maxRun {
            var j = start - 1
            while j >= 0 && b[j] == 0x20 && start - j <= 4 { j -= 1 }
            guard j >= 0, j < start - 1, single(j) else { break }
            start = j
        }
        var end = from
        while end < b.count && end - from < maxRun {
            guard single(end) else { break }
            var j = end + 1
            while j < b.count && b[j] == 0x20 && j - end <= 4 { j += 1 }
            end += 1
            if j == end || j >= b.count || !single(j) { break }
            end = j
        }
        return start..<end
    }

    /// `region` without the single spaces, with longer space runs as one space. Byte offsets
    /// of signals in the result do not map back; callers report the whole region.
    static func collapse(_ b: UnsafeBufferPointer<UInt8>, _ region: Range<Int>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(region.count / 2 + 1)
        var i = region.lowerBound
        while i < region.upperBound {
            if b[i] == 0x20 {
                var j = i
                while j < region.upperBound && b[j] == 0x20 { j += 1 }
                if j - i >= 2 { out.append(0x20) }
                i = j
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return out
    }

    /// Hex of even length >= 32 with both letters and digits.
    static func decodeHex(_ run: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard run.count >= 32, run.count % 2 == 0 else { return nil }
        var letters = 0
        var digits = 0
        for c in run {
            if c >= 0x30 && c <= 0x39 { digits += 1 } else if (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66 { letters += 1 } else { return nil }
        }
        guard digits > 0, letters > 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(run.count / 2)
        var k = 0
        while k < run.count {
            out.append(nibble(run[k]) << 4 | nibble(run[k + 1]))
            k += 2
        }
        return out
    }

    @inline(__always) private static func nibble(_ c: UInt8) -> UInt8 { c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10 }

    /// Base64 (standard or URL-safe) with upper case, lower case and a digit or `+`/`/`, as
    /// encoded text has and ordinary long words do not.
    static func decodeBase64(_ run: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var upper = 0
        var lower = 0
        var other = 0
        for c in run {
            if c >= 0x41 && c <= 0x5A { upper += 1 } else if c >= 0x61 && c <= 0x7A { lower += 1 } else { other += 1 }
        }
        guard upper > 0, lower > 0, other > 0 || upper >= 3 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(run.count * 3 / 4)
        var acc: UInt32 = 0
        var bits = 0
        for c in run {
            let v: UInt32
            switch c {
            case 0x41...0x5A: v = UInt32(c - 0x41)
            case 0x61...0x7A: v = UInt32(c - 0x61 + 26)
            case 0x30...0x39: v = UInt32(c - 0x30 + 52)
            case 0x2B, 0x2D: v = 62
            default: v = 63
            }
            acc = acc << 6 | v
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
            }
        }
        return out
    }

    /// Valid UTF-8, no control characters but tab and newlines, and at least 70% printable ASCII
    /// or at least four multi-byte scalars (non-Latin text).
    static func isText(_ d: [UInt8]) -> Bool {
        guard d.count >= 8 else { return false }
        var printable = 0
        var multibyte = 0
        var i = 0
        while i < d.count {
            let c = d[i]
            if c < 0x80 {
                if c >= 0x20 && c < 0x7F { printable += 1 } else if c != 0x09 && c != 0x0A && c != 0x0D { return false }
                i += 1
                continue
            }
            let length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0
            guard length > 0, c < 0xF5, i + length <= d.count else { return false }
            for k in 1..<length where d[i + k] & 0xC0 != 0x80 { return false }
            multibyte += 1
            i += length
        }
        return printable * 10 >= d.count * 7 || multibyte >= 4
    }
}
