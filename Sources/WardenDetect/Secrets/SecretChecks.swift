/// The arithmetic the secret validators share: CRC-32 and base62 (GitHub and npm checksums),
/// base64 decoding, Shannon entropy, and the tests for placeholder and published example
/// values that must never be reported.
enum SecretChecks {
    // MARK: - CRC-32 and base62

    /// The IEEE CRC-32 table (reflected polynomial 0xEDB88320).
    private static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// The IEEE CRC-32 of `bytes`.
    static func crc32<C: Collection<UInt8>>(_ bytes: C) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes { crc = crcTable[Int((crc ^ UInt32(b)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    private static let base62Digits = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// `value` in base62 (`0-9A-Za-z`), left-padded with `0` to `width` digits.
    static func base62(_ value: UInt32, width: Int) -> [UInt8] {
        var out = [UInt8](repeating: UInt8(ascii: "0"), count: width)
        var v = value
        var i = width - 1
        while v > 0 && i >= 0 {
            out[i] = base62Digits[Int(v % 62)]
            v /= 62
            i -= 1
        }
        return out
    }

    /// True when the last six bytes of a 36-byte GitHub token body are the base62 CRC-32 of
    /// its first thirty (the format GitHub introduced in 2021 for `ghp_`, `gho_`, `ghu_`,
    /// `ghs_` and `ghr_` tokens).
    static func hasValidGitHubChecksum(_ body: UnsafeBufferPointer<UInt8>.SubSequence) -> Bool {
        guard body.count == 36 else { return false }
        let random = body.prefix(30)
        let expected = base62(crc32(random), width: 6)
        return body.suffix(6).elementsEqual(expected)
    }

    // MARK: - base64

    /// The value of a base64 or base64url digit, or nil.
    @inline(__always)
    static func base64Value(_ c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): UInt32(c - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt32(c - UInt8(ascii: "a") + 26)
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(c - UInt8(ascii: "0") + 52)
        case UInt8(ascii: "+"), UInt8(ascii: "-"): 62
        case UInt8(ascii: "/"), UInt8(ascii: "_"): 63
        default: nil
        }
    }

    /// Decodes base64 or base64url (padding optional), calling `body` with each decoded byte
    /// until it returns false. Returns false on a byte outside the alphabet.
    static func decodeBase64(_ text: UnsafeBufferPointer<UInt8>.SubSequence, _ body: (UInt8) -> Bool) -> Bool {
        var acc: UInt32 = 0
        var bits = 0
        for c in text {
            if c == UInt8(ascii: "=") { break }
            guard let v = base64Value(c) else { return false }
            acc = (acc << 6) | v
            bits += 6
            if bits >= 8 {
                bits -= 8
                if !body(UInt8((acc >> UInt32(bits)) & 0xFF)) { return true }
            }
        }
        return true
    }

    // MARK: - Entropy and shape

    /// Shannon entropy of `bytes`, in bits per byte.
    static func entropy(_ bytes: UnsafeBufferPointer<UInt8>.SubSequence) -> Double {
        if bytes.isEmpty { return 0 }
        // Counts on the stack: this runs once per candidate, never per byte, but should not allocate.
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 128) { counts in
            counts.initialize(repeating: 0)
            var distinct = 0
            for b in bytes where b < 128 {
                if counts[Int(b)] == 0 { distinct += 1 }
                counts[Int(b)] += 1
            }
            if distinct <= 1 { return 0 }
            let n = Double(bytes.count)
            var h = 0.0
            for c in counts where c > 0 {
                let p = Double(c) / n
                h -= p * log2(p)
            }
            return h
        }
    }

    /// log2 without Foundation (the module imports nothing): exponent from the bit pattern,
    /// then a short series for the mantissa; accurate to ~1e-9, plenty for thresholds.
    @inline(__always)
    static func log2(_ x: Double) -> Double {
        let e = Double(x.exponent)
        let m = x.significand  // 1 <= m < 2
        // ln(m) via atanh series: ln(m) = 2 * atanh((m - 1) / (m + 1)).
        let t = (m - 1) / (m + 1)
        let t2 = t * t
        var term = t
        var sum = 0.0
        var k = 1.0
        for _ in 0..<12 {
            sum += term / k
            term *= t2
            k += 2
        }
        return e + 2 * sum / 0.693_147_180_559_945_3
    }

    /// Which character classes `bytes` holds: upper, lower, digit.
    static func classes(_ bytes: UnsafeBufferPointer<UInt8>.SubSequence) -> (upper: Int, lower: Int, digit: Int) {
        var u = 0, l = 0, d = 0
        for b in bytes {
            if ByteSet.upper.contains(b) { u += 1 } else if ByteSet.lower.contains(b) { l += 1 } else if ByteSet.digits.contains(b) { d += 1 }
        }
        return (u, l, d)
    }

    // MARK: - Fakes and placeholders

    /// Values published in vendor documentation, which people paste as examples; they are
    /// never live credentials.
    private static let publishedExamples: [[UInt8]] = [
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "sk_test_BQokikJOvBiI2HlWgH4olfQ2", "sk_test_26PHem9AhJZvU623DfE1x4sd",
        "rk_test_4eC39HqLyjWDarjtT1zdp7dc",
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
        "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    ].map { Array($0.utf8) }

    /// True when `bytes` is (or contains) a documentation sample, says it is an example, or
    /// is padded with a placeholder run (`XXXX`, six equal characters, `123456`, `abcdef`).
    static func isFake(_ bytes: UnsafeBufferPointer<UInt8>.SubSequence) -> Bool {
        if isFakeWord(bytes) { return true }
        var same = 1
        var ascending = 1
        var previous: UInt8 = 0
        for (i, b) in bytes.enumerated() {
            if b == UInt8(ascii: "*") { return true }
            if i > 0 {
                same = b == previous ? same + 1 : 1
                ascending = b == previous &+ 1 && ByteSet.base62.contains(b) ? ascending + 1 : 1
                if same >= 6 || ascending >= 6 { return true }
            }
            previous = b
        }
        return false
    }

    /// The word part of `isFake`: a documentation sample, or `example`, `XXXX`,
    /// `placeholder`, `redacted`, `dummy` inside.
    static func isFakeWord(_ bytes: UnsafeBufferPointer<UInt8>.SubSequence) -> Bool {
        for example in publishedExamples where bytes.count >= example.count {
            if contains(bytes, example) { return true }
        }
        return containsFolded(bytes, "example") || containsFolded(bytes, "xxxx") || containsFolded(bytes, "placeholder")
            || containsFolded(bytes, "redacted") || containsFolded(bytes, "dummy")
    }

    /// True when `haystack` contains `needle` byte for byte.
    static func contains(_ haystack: UnsafeBufferPointer<UInt8>.SubSequence, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var i = haystack.startIndex
        let last = haystack.endIndex - needle.count
        while i <= last {
            if haystack[i] == first && haystack[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }

    /// True when `haystack` contains the lower-case ASCII `needle`, ignoring ASCII case.
    static func containsFolded(_ haystack: UnsafeBufferPointer<UInt8>.SubSequence, _ needle: StaticString) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard count > 0, haystack.count >= count else { return false }
        let n = needle.utf8Start
        var i = haystack.startIndex
        let last = haystack.endIndex - count
        while i <= last {
            var j = 0
            while j < count && fold(haystack[i + j]) == n[j] { j += 1 }
            if j == count { return true }
            i += 1
        }
        return false
    }

    /// True when `bytes` equals the lower-case ASCII `word`, ignoring ASCII case.
    static func equalsFolded(_ bytes: UnsafeBufferPointer<UInt8>.SubSequence, _ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard bytes.count == count else { return false }
        let w = word.utf8Start
        var j = 0
        for b in bytes {
            if fold(b) != w[j] { return false }
            j += 1
        }
        return true
    }

    @inline(__always)
    static func fold(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
}
