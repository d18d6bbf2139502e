/// UTF-8 well-formedness (RFC 3629, Unicode's Table 3-7) checked where the bytes lie, for C
/// strings that are parsed without first being copied into a `String`.
package enum UTF8Validation {
    /// True when `bytes` is well-formed UTF-8: no stray continuation bytes, no truncated
    /// sequences, no overlong forms, no surrogates (U+D800–DFFF), nothing above U+10FFFF.
    package static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let n = bytes.count
        var i = 0
        while i < n {
            // ASCII eight bytes at a time.
            while i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            guard i < n else { return true }
            let b0 = base[i]
            if b0 < 0x80 {
                i += 1
                continue
            }
            // The lead byte fixes the length and the allowed range of the second byte.
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return false  // 0x80–0xC1 (continuation or overlong lead), 0xF5–0xFF
            }
            guard i + length <= n else { return false }
            let b1 = base[i + 1]
            guard b1 >= low && b1 <= high else { return false }
            if length > 2 {
                guard base[i + 2] & 0xC0 == 0x80 else { return false }
                if length > 3 {
                    guard base[i + 3] & 0xC0 == 0x80 else { return false }
                }
            }
            i += length
        }
        return true
    }
}
