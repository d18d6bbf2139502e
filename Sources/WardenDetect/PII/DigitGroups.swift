/// Up to eight runs of digits joined by the separators numbers are written with (space, `-`,
/// `.`, `/`, parentheses), read once from a start position: the shape every numeric PII
/// classifier looks at (`415-555-0132`, `4111 1111 1111 1111`, `+44 (0)20 7946 0958`,
/// `2026-12-01`, `192.168.0.1`).
///
/// Reading stops at the first byte that does not continue the number, after eight runs, or
/// after 32 digits; a digit run longer than 24 is read to its end and marks the groups as
/// overflowing (no classifier accepts them). Holds no heap storage.
struct DigitGroups {
    /// How two runs are joined.
    enum Gap: UInt8 {
        case space, dash, dot, slash
        /// `)`, `) ` or `)-`: the end of a parenthesised area code.
        case close
        /// `(` or ` (`: the start of a parenthesised group.
        case open
    }

    static let maxRuns = 8
    static let maxDigits = 32

    /// Where the number starts (its `+`, `(` or first digit).
    let start: Int
    /// The number starts with `+`.
    private(set) var plus = false
    /// The number starts with `(`.
    private(set) var leadingParen = false
    /// A parenthesis opened and was not closed.
    private(set) var unclosed = false
    /// More digits or runs followed than are kept.
    private(set) var overflow = false
    /// Number of runs read.
    private(set) var count = 0
    private var runStarts = InlineArray<8, Int32>(repeating: 0)
    private var runEnds = InlineArray<8, Int32>(repeating: 0)
    private var runDigitStarts = InlineArray<9, UInt8>(repeating: 0)
    private var gapKinds = InlineArray<8, UInt8>(repeating: 0)
    /// The digit values of all runs, in order.
    private(set) var digits = InlineArray<32, UInt8>(repeating: 0)

    /// Reads the number at `start` of `b` (a digit, `+` followed by a digit, or `(`
    /// followed by a digit).
    init(_ b: UnsafeBufferPointer<UInt8>, at start: Int) {
        self.start = start
        let n = b.count
        var q = start
        if q < n && b[q] == UInt8(ascii: "+") { plus = true; q += 1 }
        if q < n && b[q] == UInt8(ascii: "(") { leadingParen = true; q += 1 }
        var open = leadingParen
        var digitCount = 0
        while q < n, PIIBytes.isDigit(b[q]) {
            let rs = q
            while q < n, PIIBytes.isDigit(b[q]), q - rs < 24, digitCount < Self.maxDigits {
                digits[digitCount] = b[q] &- 0x30
                digitCount += 1
                q += 1
            }
            if q < n, PIIBytes.isDigit(b[q]) {
                // Too long: read the rest of the run so the caller can skip it whole.
                while q < n, PIIBytes.isDigit(b[q]) { q += 1 }
                overflow = true
            }
            runStarts[count] = Int32(truncatingIfNeeded: rs)
            runEnds[count] = Int32(truncatingIfNeeded: q)
            count += 1
            runDigitStarts[count] = UInt8(digitCount)
            if overflow { break }
            // What joins this run to the next one, if anything does.
            var r = q
            var gap: Gap
            guard r < n else { break }
            if open {
                guard b[r] == UInt8(ascii: ")") else { break }
                r += 1
                if r < n && (b[r] == UInt8(ascii: " ") || b[r] == UInt8(ascii: "-")) { r += 1 }
                gap = .close
            } else {
                switch b[r] {
                case UInt8(ascii: " "):
                    r += 1
                    if r < n && b[r] == UInt8(ascii: "(") { r += 1; gap = .open } else { gap = .space }
                case UInt8(ascii: "-"): r += 1; gap = .dash
                case UInt8(ascii: "."): r += 1; gap = .dot
                case UInt8(ascii: "/"): r += 1; gap = .slash
                case UInt8(ascii: "("): r += 1; gap = .open
                default: gap = .space; r = -1
                }
                if r < 0 { break }
            }
            guard r < n, PIIBytes.isDigit(b[r]) else { break }
            if count == Self.maxRuns || digitCount == Self.maxDigits {
                overflow = true
                break
            }
            gapKinds[count - 1] = gap.rawValue
            if gap == .open { open = true } else if gap == .close { open = false }
            q = r
        }
        unclosed = open && count > 0
    }

    /// Start of run `k`.
    func runStart(_ k: Int) -> Int { Int(runStarts[k]) }
    /// End (exclusive) of run `k`.
    func runEnd(_ k: Int) -> Int { Int(runEnds[k]) }
    /// Number of digits in run `k` (as stored; a run that overflowed counts what was kept).
    func length(_ k: Int) -> Int { Int(runDigitStarts[k + 1]) - Int(runDigitStarts[k]) }
    /// The join after run `k` (valid for `k < count - 1`).
    func gap(_ k: Int) -> Gap { Gap(rawValue: gapKinds[k]) ?? .space }
    /// Index of the first digit of run `k` in `digits`.
    func digitStart(_ k: Int) -> Int { Int(runDigitStarts[k]) }
    /// Number of digits in runs `0..<runs`.
    func digitCount(runs: Int) -> Int { Int(runDigitStarts[runs]) }
    /// End of the whole number as read.
    var end: Int { count == 0 ? start : Int(runEnds[count - 1]) }

    /// The value of run `k` (at most 18 digits are meaningful).
    func value(_ k: Int) -> Int {
        var v = 0
        for i in digitStart(k)..<digitStart(k + 1) { v = v &* 10 &+ Int(digits[i]) }
        return v
    }

    /// How many runs from the first are joined by the same gap as the first join (1 when
    /// there is a single run).
    var uniformRuns: Int {
        guard count > 1 else { return count }
        let g = gapKinds[0]
        var k = 1
        while k < count - 1 && gapKinds[k] == g { k += 1 }
        return k + 1
    }

    /// True when runs `0..<runs` end the number or are followed by a join other than `gap`
    /// (so the grouping is not a prefix of a longer one written the same way).
    func endsSegment(runs: Int, joinedBy gap: Gap) -> Bool {
        runs == count || self.gap(runs - 1) != gap
    }

    /// True when every join between runs `0..<runs` is `gap`.
    func allJoins(runs: Int, are gap: Gap) -> Bool {
        var k = 0
        while k < runs - 1 {
            if gapKinds[k] != gap.rawValue { return false }
            k += 1
        }
        return true
    }

    /// Calls `body` with the digit values at `range` of `digits`.
    func withDigits<R>(_ range: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withUnsafeBytes(of: digits) { raw in
            let all = raw.bindMemory(to: UInt8.self)
            return body(UnsafeBufferPointer(rebasing: all[range]))
        }
    }
}
