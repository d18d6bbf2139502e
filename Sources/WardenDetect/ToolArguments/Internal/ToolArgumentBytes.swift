extension ToolArgumentScanner {
    /// Byte-level helpers shared by the checks (ASCII only; patterns are lower-case literals).
    enum Bytes {
        @inline(__always)
        static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

        @inline(__always)
        static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

        @inline(__always)
        static func isLetter(_ b: UInt8) -> Bool { let l = b | 0x20; return l >= 0x61 && l <= 0x7A }

        @inline(__always)
        static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0B || b == 0x0C }

        @inline(__always)
        static func hexValue(_ b: UInt8) -> UInt8? {
            switch b {
            case 0x30...0x39: return b - 0x30
            case 0x41...0x46: return b - 0x41 + 10
            case 0x61...0x66: return b - 0x61 + 10
            default: return nil
            }
        }

        /// `b[range]` equals `literal`, ignoring ASCII case (`literal` is lower-case ASCII).
        @inline(__always)
        static func equals(_ b: [UInt8], _ range: Range<Int>, _ literal: StaticString) -> Bool {
            let n = literal.utf8CodeUnitCount
            guard range.count == n else { return false }
            return matches(b, at: range.lowerBound, literal)
        }

        /// `b[at...]` starts with `literal`, ignoring ASCII case; the caller checked the length.
        @inline(__always)
        private static func matches(_ b: [UInt8], at start: Int, _ literal: StaticString) -> Bool {
            let l = literal.utf8Start
            return b.withUnsafeBufferPointer { p in
                for k in 0..<literal.utf8CodeUnitCount where lower(p[start + k]) != l[k] { return false }
                return true
            }
        }

        /// `b` equals `literal`, ignoring ASCII case.
        @inline(__always)
        static func equals(_ b: [UInt8], _ literal: StaticString) -> Bool { equals(b, 0..<b.count, literal) }

        /// `b[range]` starts with `literal`, ignoring ASCII case.
        @inline(__always)
        static func hasPrefix(_ b: [UInt8], _ range: Range<Int>, _ literal: StaticString) -> Bool {
            range.count >= literal.utf8CodeUnitCount && matches(b, at: range.lowerBound, literal)
        }

        @inline(__always)
        static func hasPrefix(_ b: [UInt8], _ literal: StaticString) -> Bool { hasPrefix(b, 0..<b.count, literal) }

        /// `b[range]` ends with `literal`, ignoring ASCII case.
        @inline(__always)
        static func hasSuffix(_ b: [UInt8], _ range: Range<Int>, _ literal: StaticString) -> Bool {
            let n = literal.utf8CodeUnitCount
            return range.count >= n && matches(b, at: range.upperBound - n, literal)
        }

        @inline(__always)
        static func hasSuffix(_ b: [UInt8], _ literal: StaticString) -> Bool { hasSuffix(b, 0..<b.count, literal) }

        /// `b[range]` contains `literal`, ignoring ASCII case (literals are a few bytes long,
        /// so this stays linear).
        static func contains(_ b: [UInt8], _ range: Range<Int>, _ literal: StaticString) -> Bool {
            let n = literal.utf8CodeUnitCount
            guard n > 0 else { return true }
            guard range.count >= n else { return false }
            let first = literal.utf8Start[0]
            var i = range.lowerBound
            while i + n <= range.upperBound {
                if lower(b[i]) == first, matches(b, at: i, literal) { return true }
                i += 1
            }
            return false
        }

        static func contains(_ b: [UInt8], _ literal: StaticString) -> Bool { contains(b, 0..<b.count, literal) }

        /// `b[range]` is one of the words of `set`, ignoring ASCII case.
        @inline(__always)
        static func isOne(_ b: [UInt8], _ range: Range<Int>, of set: WordSet) -> Bool { set.contains(b, range) }

        @inline(__always)
        static func isOne(_ b: [UInt8], of set: WordSet) -> Bool { set.contains(b, 0..<b.count) }

        /// `b` lower-cased (ASCII).
        static func lowercased(_ b: [UInt8]) -> [UInt8] { b.map(lower) }
    }
}
