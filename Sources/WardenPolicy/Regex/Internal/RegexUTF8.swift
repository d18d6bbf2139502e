/// Conversion of scalar ranges into UTF-8 byte-range sequences (the "utf8-ranges" technique
/// used by RE2 and Rust's regex-syntax). Each output sequence is a list of 1–4 byte ranges;
/// a byte string matches the scalar range iff it matches one of the sequences, and every
/// sequence accepts only well-formed, shortest-form encodings. This lets the matchers run
/// on raw bytes while `.` and classes still consume exactly one whole scalar.
enum RegexUTF8 {
    static func encodedLength(_ v: UInt32) -> Int {
        v < 0x80 ? 1 : v < 0x800 ? 2 : v < 0x10000 ? 3 : 4
    }

    static func encode(_ v: UInt32) -> [UInt8] {
        switch encodedLength(v) {
        case 1: return [UInt8(v)]
        case 2: return [UInt8(0xC0 | (v >> 6)), UInt8(0x80 | (v & 0x3F))]
        case 3:
            return [UInt8(0xE0 | (v >> 12)), UInt8(0x80 | ((v >> 6) & 0x3F)), UInt8(0x80 | (v & 0x3F))]
        default:
            return [
                UInt8(0xF0 | (v >> 18)), UInt8(0x80 | ((v >> 12) & 0x3F)),
                UInt8(0x80 | ((v >> 6) & 0x3F)), UInt8(0x80 | (v & 0x3F)),
            ]
        }
    }

    /// Byte-range sequences matching exactly the UTF-8 encodings of scalars in `range`.
    static func sequences(_ range: ClosedRange<UInt32>) -> [[ClosedRange<UInt8>]] {
        var out: [[ClosedRange<UInt8>]] = []
        // (start, end) pairs; may be "invalid" (start > end) after splitting, then skipped.
        var stack: [(UInt32, UInt32)] = [(range.lowerBound, range.upperBound)]
        top: while let (s0, e0) = stack.popLast() {
            let start = s0
            var end = e0
            inner: while true {
                if start < 0xE000 && end > 0xD7FF {
                    // Split around the surrogate block, which has no UTF-8 encoding.
                    stack.append((0xE000, end))
                    end = 0xD7FF
                    continue inner
                }
                if start > end { continue top }
                // Split where the encoded length changes.
                for maxValue: UInt32 in [0x7F, 0x7FF, 0xFFFF] where start <= maxValue && maxValue < end {
                    stack.append((maxValue + 1, end))
                    end = maxValue
                    continue inner
                }
                if end <= 0x7F {
                    out.append([UInt8(start)...UInt8(end)])
                    continue top
                }
                // Split until every continuation byte position covers a full or aligned range.
                for i: UInt32 in 1..<4 {
                    let m: UInt32 = (1 << (6 * i)) - 1
                    if (start & ~m) != (end & ~m) {
                        if (start & m) != 0 {
                            stack.append(((start | m) + 1, end))
                            end = start | m
                            continue inner
                        }
                        if (end & m) != m {
                            stack.append((end & ~m, end))
                            end = (end & ~m) - 1
                            continue inner
                        }
                    }
                }
                let a = encode(start)
                let b = encode(end)
                out.append((0..<a.count).map { a[$0]...b[$0] })
                continue top
            }
        }
        return out
    }
}
