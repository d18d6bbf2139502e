/// One pass of `PIIDetector` over one text: the main loop, the context-keyword window and the
/// findings found so far.
///
/// The loop reads each byte once through the trigger table and stops only at digits, `@`, `+`,
/// `(` and `::`; everything else (letters, spaces, punctuation) costs one table load. At a
/// trigger it looks at most a bounded distance around it, classifies what it finds, and
/// resumes after it, so no byte is read more than a constant number of times. Lives only inside
/// `withUnsafeBufferPointer` of the text's bytes.
struct PIIScan {
    let b: UnsafeBufferPointer<UInt8>
    let n: Int
    let text: NormalizedText
    private let keywords: AhoCorasick
    private let keywordContexts: [PIIContext]
    private let maxKeywordLength: Int

    /// The findings: those the caller already had, then this scan's in text order.
    var found: [Finding] = []
    /// End of the last finding: look-behinds never reach before it.
    private(set) var floor = 0

    // The context window: keywords are searched lazily, only in the window before a value
    // that needs one, so text without such values never pays for the keyword automaton (its
    // table does not fit in L1, so it costs a few ns a byte).
    private var keywordsScannedTo = 0
    private var keywordHits: [(end: Int, context: PIIContext)] = []
    private var firstLiveHit = 0

    init(bytes: UnsafeBufferPointer<UInt8>, text: NormalizedText, keywords: AhoCorasick, keywordContexts: [PIIContext], maxKeywordLength: Int) {
        b = bytes
        n = bytes.count
        self.text = text
        self.keywords = keywords
        self.keywordContexts = keywordContexts
        self.maxKeywordLength = maxKeywordLength
    }

    // MARK: - Main loop

    /// Scans the whole text.
    mutating func run() {
        PIIBytes.triggers.withUnsafeBufferPointer { triggers in
            let table = triggers.baseAddress!
            var i = 0
            while true {
                i = Self.nextTrigger(b, table, from: i)
                if i >= n { break }
                let next: Int
                switch PIIBytes.Trigger(rawValue: table[Int(b[i])]) {
                case .digit: next = digit(at: i)
                case .at: next = email(at: i)
                case .plus: next = plus(at: i)
                case .paren: next = paren(at: i)
                default: next = colon(at: i)
                }
                i = max(next, i + 1)
            }
        }
    }

    /// The first byte at or after `i` whose trigger class is not `none` (or `b.count`).
    /// Eight bytes at a time: prose has a trigger every few hundred bytes, so the common step
    /// is eight table loads and one branch.
    @inline(__always)
    private static func nextTrigger(_ b: UnsafeBufferPointer<UInt8>, _ table: UnsafePointer<UInt8>, from start: Int) -> Int {
        guard let base = b.baseAddress else { return b.count }
        let n = b.count
        var i = start
        while i &+ 8 <= n {
            let p = base + i
            let any = table[Int(p[0])] | table[Int(p[1])] | table[Int(p[2])] | table[Int(p[3])]
                | table[Int(p[4])] | table[Int(p[5])] | table[Int(p[6])] | table[Int(p[7])]
            if any != 0 { break }
            i &+= 8
        }
        while i < n && table[Int(base[i])] == 0 { i &+= 1 }
        return i
    }

    /// Records a finding over normalised bytes `range`.
    mutating func emit(_ kind: String, _ range: Range<Int>, _ severity: Severity, _ score: Double) {
        found.append(text.finding(.pii, kind, range, severity: severity, score: score))
        floor = range.upperBound
    }

    // MARK: - Triggers

    /// A digit: the start of a number, or a digit inside a word (IBAN, NIE, codice fiscale,
    /// identifier). The word is found by looking back at most 24 bytes.
    private mutating func digit(at i: Int) -> Int {
        var ts = i
        let limit = max(floor, i - 24)
        while ts > limit && PIIBytes.isAlnum(b[ts - 1]) { ts -= 1 }
        var te = i
        var letters = ts < i
        while te < n && PIIBytes.isAlnum(b[te]) {
            if !PIIBytes.isDigit(b[te]) { letters = true }
            te += 1
        }
        if ts > floor && PIIBytes.isAlnum(b[ts - 1]) {
            return skipCompound(from: te)  // a word longer than any PII token
        }
        if ts > 0 {
            let p = b[ts - 1]
            if p == UInt8(ascii: "_") { return skipCompound(from: te) }
            // Glued to a word by `-` or `.`: a piece of an identifier, version or UUID.
            if (p == UInt8(ascii: "-") || p == UInt8(ascii: ".")) && ts >= 2 && ts - 1 > floor && PIIBytes.isAlnum(b[ts - 2]) {
                return skipCompound(from: te)
            }
        }
        if letters { return word(from: ts, to: te) }
        return number(at: i)
    }

    /// `+`: an international phone number when a digit follows and no word or number precedes.
    private mutating func plus(at i: Int) -> Int {
        guard i + 1 < n, PIIBytes.isDigit(b[i + 1]) else { return i + 1 }
        if i > 0 {
            let p = b[i - 1]
            if PIIBytes.isWord(p) || p == UInt8(ascii: "+") || p == UInt8(ascii: ".") { return i + 1 }
        }
        let groups = DigitGroups(b, at: i)
        if let end = date(groups) { return end }  // +2026-12-01
        if let (runs, percent) = phone(groups) {
            emit("phone", i..<groups.runEnd(runs - 1), .medium, Double(percent) / 100)
            return floor
        }
        return skip(after: groups)
    }

    /// `(`: a parenthesised area code (`(415) 555-0132`, `(030) 1234567`).
    private mutating func paren(at i: Int) -> Int {
        guard i + 1 < n, PIIBytes.isDigit(b[i + 1]) else { return i + 1 }
        if i > 0 && PIIBytes.isWord(b[i - 1]) { return i + 1 }  // a call: f(123)
        let groups = DigitGroups(b, at: i)
        if groups.count >= 2, groups.gap(0) == .close, let (runs, percent) = phone(groups) {
            emit("phone", i..<groups.runEnd(runs - 1), .medium, Double(percent) / 100)
            return floor
        }
        return i + 1
    }

    /// `:`: `::` can start a compressed IPv6 address (`::1`, `::ffff:192.0.2.1`).
    private mutating func colon(at i: Int) -> Int {
        guard i + 1 < n, b[i + 1] == UInt8(ascii: ":") else { return i + 1 }
        if let range = ipv6(around: i) {
            emit("ip_address", range, .low, 0.9)
            return floor
        }
        var q = i
        while q < n && (b[q] == UInt8(ascii: ":") || PIIBytes.isHex(b[q])) && q - i < 64 { q += 1 }
        return q
    }

    // MARK: - Shared look-arounds

    /// The end of the identifier-like compound that continues at `p` (words joined by `-`,
    /// `.`, `_`): skipped as a whole so that its digit pieces are never read as numbers.
    func skipCompound(from p: Int) -> Int {
        var q = p
        while q < n {
            let c = b[q]
            if PIIBytes.isWord(c) {
                q += 1
            } else if (c == UInt8(ascii: "-") || c == UInt8(ascii: ".")) && q + 1 < n && PIIBytes.isWord(b[q + 1]) {
                q += 1
            } else {
                break
            }
        }
        return q
    }

    /// True when a value may end at `e`: no word byte, `@` or continuing number follows.
    func endsCleanly(_ e: Int) -> Bool {
        guard e < n else { return true }
        let c = b[e]
        if PIIBytes.isWord(c) || c == UInt8(ascii: "@") { return false }
        if c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || c == UInt8(ascii: "/") || c == UInt8(ascii: ",") {
            return !(e + 1 < n && PIIBytes.isAlnum(b[e + 1]))
        }
        return true
    }

    // MARK: - Context keywords

    /// The contexts whose keyword ends at most `PIIContext.window` bytes before `s`.
    mutating func context(at s: Int) -> PIIContext {
        if s > keywordsScannedTo {
            let from = max(0, keywordsScannedTo - maxKeywordLength + 1, s - PIIContext.window - maxKeywordLength)
            let to = s
            let previous = keywordsScannedTo
            var hits: [(end: Int, context: PIIContext)] = []
            let bytes = b
            let contexts = keywordContexts
            keywords.forEachMatch(in: UnsafeBufferPointer(rebasing: bytes[from..<to])) { m in
                let start = from + m.start
                let end = from + m.end
                guard end > previous else { return }
                if start > 0 && PIIBytes.isLetter(bytes[start - 1]) { return }
                if end < bytes.count && PIIBytes.isLetter(bytes[end]) { return }
                hits.append((end, contexts[m.pattern]))
            }
            keywordHits.append(contentsOf: hits)
            keywordsScannedTo = to
        }
        while firstLiveHit < keywordHits.count && keywordHits[firstLiveHit].end < s - PIIContext.window { firstLiveHit += 1 }
        var context: PIIContext = []
        var j = firstLiveHit
        while j < keywordHits.count && keywordHits[j].end <= s {
            context.formUnion(keywordHits[j].context)
            j += 1
        }
        return context
    }
}
