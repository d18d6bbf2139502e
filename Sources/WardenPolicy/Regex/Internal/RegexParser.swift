/// Recursive-descent parser for the Python-`re`-flavoured policy regex dialect.
///
/// Works on the pattern's Unicode scalars so error columns are scalar-based. Recursion
/// depth follows group nesting, which is capped (`maxNesting`) so hostile patterns cannot
/// exhaust the native stack.
struct RegexParser {
    static let maxRepeat = 1000
    static let maxNesting = 200

    struct Flags {
        var ignoreCase = false
        var multiline = false
        var dotAll = false
        var verbose = false
    }

    /// What the most recently parsed item in a sequence was; drives quantifier errors.
    private enum Last { case nothing, atom, repeated, anchor }

    private let scalars: [Unicode.Scalar]
    private var pos = 0
    private(set) var captureCount = 0
    private var groupNames: [String: Int] = [:]
    private var openGroups: Set<Int> = []

    init(_ pattern: String) {
        scalars = Array(pattern.unicodeScalars)
    }

    mutating func parse() throws(PolicyRegexError) -> RegexNode {
        let node = try parseAlternation(Flags(), depth: 0)
        if pos < scalars.count {
            // Only a stray `)` stops the top-level alternation early.
            throw error("unbalanced parenthesis", at: pos)
        }
        return node
    }

    // MARK: - Helpers

    private func error(_ message: String, at index: Int, _ code: PolicyRegexError.Code = .syntax) -> PolicyRegexError {
        PolicyRegexError(code: code, message: message, column: index + 1)
    }

    private var atEnd: Bool { pos >= scalars.count }
    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        pos + offset < scalars.count ? scalars[pos + offset] : nil
    }

    private mutating func skipVerboseSpace(_ flags: Flags) {
        guard flags.verbose else { return }
        while let c = peek() {
            if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0B}" || c == "\u{0C}" {
                pos += 1
            } else if c == "#" {
                while let d = peek(), d != "\n" { pos += 1 }
            } else {
                return
            }
        }
    }

    private static func literal(_ v: UInt32, _ flags: Flags) -> RegexNode {
        let set = RegexScalarSet(scalar: v)
        return .set(flags.ignoreCase ? set.caseFolded() : set)
    }

    // MARK: - Sequences

    private mutating func parseAlternation(_ initialFlags: Flags, depth: Int) throws(PolicyRegexError) -> RegexNode {
        // Inline flags such as `(?i)` apply from where they appear to the end of the
        // enclosing group, across later alternatives too (Perl/RE2 scoping).
        var flags = initialFlags
        var alternatives: [RegexNode] = []
        var items: [RegexNode] = []
        var last = Last.nothing
        func finish(_ items: [RegexNode]) -> RegexNode {
            items.isEmpty ? .empty : items.count == 1 ? items[0] : .concat(items)
        }
        while true {
            skipVerboseSpace(flags)
            guard let c = peek() else { break }
            let start = pos
            switch c {
            case "|":
                pos += 1
                alternatives.append(finish(items))
                items = []
                last = .nothing
            case ")":
                alternatives.append(finish(items))
                return alternatives.count == 1 ? alternatives[0] : .alternation(alternatives)
            case "*", "+", "?", "{":
                var minCount = 0
                var maxCount: Int? = nil
                if c == "{" {
                    guard let bounds = try parseBraces() else {
                        // Not a valid `{m,n}`: Python treats the brace as a literal.
                        pos = start + 1
                        items.append(Self.literal(0x7B, flags))
                        last = .atom
                        continue
                    }
                    (minCount, maxCount) = bounds
                } else {
                    pos += 1
                    if c == "+" { minCount = 1 }
                    if c == "?" { maxCount = 1 }
                }
                switch last {
                case .nothing, .anchor: throw error("nothing to repeat", at: start)
                case .repeated: throw error("multiple repeat", at: start)
                case .atom: break
                }
                // Lazy suffix: accepted, and irrelevant for "does it match anywhere".
                if peek() == "?" {
                    pos += 1
                } else if peek() == "+" {
                    throw error("possessive quantifiers are not supported", at: pos, .unsupported)
                }
                let body = items.removeLast()
                items.append(.repetition(body, min: minCount, max: maxCount))
                last = .repeated
            default:
                let (node, kind) = try parseAtom(&flags, depth: depth)
                if let node { items.append(node) }
                last = kind
            }
        }
        alternatives.append(finish(items))
        return alternatives.count == 1 ? alternatives[0] : .alternation(alternatives)
    }

    /// Parses `{m}`, `{m,}`, `{,n}`, `{m,n}` at `pos` (which is at `{`). Returns nil and leaves
    /// `pos` unspecified if the text is not a quantifier (then `{` is a literal, as in Python).
    private mutating func parseBraces() throws(PolicyRegexError) -> (Int, Int?)? {
        let open = pos
        pos += 1
        if peek() == "}" { return nil }
        func digits() -> String {
            var s = ""
            while let d = peek(), ("0"..."9").contains(d) {
                s.unicodeScalars.append(d)
                pos += 1
            }
            return s
        }
        let lo = digits()
        var hi = lo
        var sawComma = false
        if peek() == "," {
            pos += 1
            sawComma = true
            hi = digits()
        }
        guard peek() == "}" else { return nil }
        pos += 1
        func value(_ s: String) throws(PolicyRegexError) -> Int {
            // Compare digit counts first so huge numbers cannot overflow.
            let trimmed = s.drop { $0 == "0" }
            if trimmed.count > 4 || (Int(trimmed) ?? 0) > Self.maxRepeat {
                throw error("repetition count exceeds \(Self.maxRepeat)", at: open, .tooComplex)
            }
            return Int(trimmed) ?? 0
        }
        let minCount = lo.isEmpty ? 0 : try value(lo)
        let maxCount: Int? = (sawComma && hi.isEmpty) ? nil : try value(hi)
        if let maxCount, maxCount < minCount {
            throw error("min repeat greater than max repeat", at: open)
        }
        return (minCount, maxCount)
    }

    // MARK: - Atoms

    private mutating func parseAtom(_ flags: inout Flags, depth: Int) throws(PolicyRegexError) -> (RegexNode?, Last) {
        let start = pos
        let c = scalars[pos]
        pos += 1
        switch c {
        case ".":
            return (.set(flags.dotAll ? .any : .anyButNewline), .atom)
        case "^":
            return (.assertion(flags.multiline ? .startLine : .startText), .anchor)
        case "$":
            return (.assertion(flags.multiline ? .endLine : .endTextOrFinalNewline), .anchor)
        case "[":
            return (try parseClass(start: start, flags), .atom)
        case "\\":
            return try parseEscape(start: start, flags)
        case "(":
            return try parseGroup(start: start, &flags, depth: depth)
        default:
            return (Self.literal(c.value, flags), .atom)
        }
    }

    private mutating func parseGroup(start: Int, _ flags: inout Flags, depth: Int) throws(PolicyRegexError) -> (RegexNode?, Last) {
        if depth >= Self.maxNesting {
            throw error("pattern nests groups more than \(Self.maxNesting) deep", at: start, .tooComplex)
        }
        var groupFlags = flags
        var capture: Int? = nil
        var look: (ahead: Bool, negative: Bool)? = nil
        if peek() == "?" {
            pos += 1
            guard let k = peek() else { throw error("unexpected end of pattern", at: pos) }
            switch k {
            case ":":
                pos += 1
            case "=", "!":
                pos += 1
                look = (true, k == "!")
            case "#":
                throw error("comments (?#...) are not supported", at: start, .unsupported)
            case ">":
                throw error("atomic groups (?>...) are not supported", at: start, .unsupported)
            case "P", "<":
                pos += 1
                if k == "P" {
                    if peek() == "=" {
                        pos += 1
                        let name = try parseName(terminator: ")", at: start)
                        guard let index = groupNames[name] else {
                            throw error("unknown group name '\(name)'", at: start)
                        }
                        if openGroups.contains(index) { throw error("cannot refer to an open group", at: start) }
                        return (.backreference(index, caseInsensitive: flags.ignoreCase), .atom)
                    }
                    guard peek() == "<" else { throw error("unknown extension ?P", at: start) }
                    pos += 1
                } else if peek() == "=" || peek() == "!" {
                    look = (false, peek() == "!")
                    pos += 1
                    break
                }
                let name = try parseName(terminator: ">", at: start)
                if groupNames[name] != nil { throw error("redefinition of group name '\(name)'", at: start) }
                captureCount += 1
                capture = captureCount
                groupNames[name] = captureCount
            default:
                // Flag group: `(?imsx-imsx)` or `(?imsx-imsx:...)`.
                var on = true
                var sawFlag = false
                while let f = peek(), f != ")" && f != ":" {
                    pos += 1
                    switch f {
                    case "i": groupFlags.ignoreCase = on
                    case "m": groupFlags.multiline = on
                    case "s": groupFlags.dotAll = on
                    case "x": groupFlags.verbose = on
                    case "a": if !on { throw error("bad inline flag", at: pos - 1) }  // ASCII is always on
                    case "-" where on: on = false; continue
                    case "u", "L":
                        throw error("inline flag '\(f)' is not supported (classes are ASCII-only)", at: pos - 1, .unsupported)
                    default:
                        if !sawFlag && on { throw error("unknown extension ?\(f)", at: start) }
                        throw error("unknown flag", at: pos - 1)
                    }
                    sawFlag = true
                }
                guard let end = peek(), sawFlag else { throw error("missing flag", at: pos) }
                pos += 1
                if end == ")" {
                    flags = groupFlags
                    return (nil, .nothing)
                }
            }
        } else {
            captureCount += 1
            capture = captureCount
        }
        if let capture { openGroups.insert(capture) }
        let body = try parseAlternation(groupFlags, depth: depth + 1)
        guard peek() == ")" else { throw error("missing ), unterminated subpattern", at: start) }
        pos += 1
        if let capture { openGroups.remove(capture) }
        if let look {
            var minLen = 0
            var maxLen = 0
            if !look.ahead {
                let bounds = body.byteLengthBounds
                guard let m = bounds.max, m <= 4 * Self.maxRepeat else {
                    throw error("look-behind requires a bounded-width pattern", at: start, .unsupported)
                }
                (minLen, maxLen) = (bounds.min, m)
            }
            return (.look(body, ahead: look.ahead, negative: look.negative, minLen: minLen, maxLen: maxLen), .atom)
        }
        return (.group(body, capture: capture), .atom)
    }

    private mutating func parseName(terminator: Unicode.Scalar, at start: Int) throws(PolicyRegexError) -> String {
        var name = ""
        while let c = peek(), c != terminator {
            name.unicodeScalars.append(c)
            pos += 1
        }
        guard peek() == terminator else { throw error("missing \(terminator), unterminated name", at: start) }
        pos += 1
        guard let first = name.unicodeScalars.first,
              first == "_" || first.properties.isXIDStart,
              name.unicodeScalars.allSatisfy({ $0 == "_" || $0.properties.isXIDContinue })
        else { throw error("bad character in group name '\(name)'", at: start) }
        return name
    }

    // MARK: - Escapes

    private mutating func hexValue(count: Int, escapeStart: Int) throws(PolicyRegexError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<count {
            guard let c = peek(), let d = Self.hexDigit(c) else {
                throw error("incomplete escape", at: escapeStart)
            }
            v = v * 16 + d
            pos += 1
        }
        return v
    }

    private static func hexDigit(_ c: Unicode.Scalar) -> UInt32? {
        switch c.value {
        case 0x30...0x39: return c.value - 0x30
        case 0x41...0x46: return c.value - 0x41 + 10
        case 0x61...0x66: return c.value - 0x61 + 10
        default: return nil
        }
    }

    private static func isOctal(_ c: Unicode.Scalar?) -> Bool {
        guard let c else { return false }
        return c.value >= 0x30 && c.value <= 0x37
    }

    /// Escapes that denote a single scalar or a set, shared by classes and sequences.
    /// Returns nil if `c` is not one of them.
    private mutating func simpleEscape(_ c: Unicode.Scalar, start: Int) throws(PolicyRegexError) -> RegexScalarSet? {
        switch c {
        case "d": return .digit
        case "D": return RegexScalarSet.digit.inverted()
        case "w": return .word
        case "W": return RegexScalarSet.word.inverted()
        case "s": return .space
        case "S": return RegexScalarSet.space.inverted()
        case "n": return RegexScalarSet(scalar: 0x0A)
        case "t": return RegexScalarSet(scalar: 0x09)
        case "r": return RegexScalarSet(scalar: 0x0D)
        case "f": return RegexScalarSet(scalar: 0x0C)
        case "v": return RegexScalarSet(scalar: 0x0B)
        case "a": return RegexScalarSet(scalar: 0x07)
        case "x", "u", "U":
            let v = try hexValue(count: c == "x" ? 2 : c == "u" ? 4 : 8, escapeStart: start)
            if v > RegexScalarSet.maxScalar { throw error("bad escape (code point out of range)", at: start) }
            if (0xD800...0xDFFF).contains(v) {
                throw error("surrogate code points cannot occur in UTF-8 text", at: start, .unsupported)
            }
            return RegexScalarSet(scalar: v)
        case "N":
            throw error("named character escapes \\N{...} are not supported", at: start, .unsupported)
        default:
            if c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c)) { return nil }
            // Any other escaped character (punctuation, non-ASCII) stands for itself.
            return RegexScalarSet(scalar: c.value)
        }
    }

    private mutating func parseOctal(first: Unicode.Scalar, maxDigits: Int, start: Int) throws(PolicyRegexError) -> UInt32 {
        var v = first.value - 0x30
        var n = 1
        while n < maxDigits, Self.isOctal(peek()) {
            v = v * 8 + (peek()!.value - 0x30)
            pos += 1
            n += 1
        }
        if v > 0o377 { throw error("octal escape value out of range", at: start) }
        return v
    }

    private mutating func parseEscape(start: Int, _ flags: Flags) throws(PolicyRegexError) -> (RegexNode?, Last) {
        guard let c = peek() else { throw error("bad escape (end of pattern)", at: start) }
        pos += 1
        switch c {
        case "b": return (.assertion(.wordBoundary), .anchor)
        case "B": return (.assertion(.notWordBoundary), .anchor)
        case "A": return (.assertion(.startText), .anchor)
        case "z", "Z": return (.assertion(.endText), .anchor)
        case "0":
            return (Self.literal(try parseOctal(first: c, maxDigits: 3, start: start), flags), .atom)
        case "1"..."9":
            // Python: three octal digits form an octal escape, otherwise 1–2 digits are a group number.
            if Self.isOctal(c), Self.isOctal(peek()), Self.isOctal(peek(1)) {
                return (Self.literal(try parseOctal(first: c, maxDigits: 3, start: start), flags), .atom)
            }
            var group = Int(c.value - 0x30)
            if let d = peek(), ("0"..."9").contains(d) {
                group = group * 10 + Int(d.value - 0x30)
                pos += 1
            }
            guard group <= captureCount else { throw error("invalid group reference \(group)", at: start) }
            if openGroups.contains(group) { throw error("cannot refer to an open group", at: start) }
            return (.backreference(group, caseInsensitive: flags.ignoreCase), .atom)
        default:
            guard let set = try simpleEscape(c, start: start) else {
                throw error("bad escape \\\(c)", at: start)
            }
            return (.set(flags.ignoreCase ? set.caseFolded() : set), .atom)
        }
    }

    // MARK: - Classes

    private enum ClassItem {
        case scalar(UInt32)
        case set(RegexScalarSet)
    }

    private mutating func parseClassItem() throws(PolicyRegexError) -> ClassItem {
        let start = pos
        let c = scalars[pos]
        pos += 1
        guard c == "\\" else { return .scalar(c.value) }
        guard let e = peek() else { throw error("unterminated character class", at: start) }
        pos += 1
        switch e {
        case "b": return .scalar(0x08)  // backspace inside a class, as in Python
        case "0"..."7": return .scalar(try parseOctal(first: e, maxDigits: 3, start: start))
        default:
            guard let set = try simpleEscape(e, start: start) else {
                throw error("bad escape \\\(e)", at: start)
            }
            if set.ranges.count == 1, let r = set.ranges.first, r.lowerBound == r.upperBound,
               !["d", "D", "w", "W", "s", "S"].contains(e) {
                return .scalar(r.lowerBound)
            }
            return .set(set)
        }
    }

    private mutating func parseClass(start: Int, _ flags: Flags) throws(PolicyRegexError) -> RegexNode {
        var negate = false
        if peek() == "^" {
            negate = true
            pos += 1
        }
        var set = RegexScalarSet()
        var first = true
        while true {
            guard let c = peek() else { throw error("unterminated character class", at: start) }
            if c == "]" && !first {
                pos += 1
                break
            }
            first = false
            let itemStart = pos
            let item = try parseClassItem()
            if peek() == "-", let after = peek(1), after != "]" {
                pos += 1
                let hiItem = try parseClassItem()
                guard case .scalar(let lo) = item, case .scalar(let hi) = hiItem else {
                    throw error("bad character range \(rangeText(itemStart))", at: itemStart)
                }
                guard lo <= hi else { throw error("bad character range \(rangeText(itemStart))", at: itemStart) }
                set.formUnion(RegexScalarSet([lo...hi]))
            } else {
                switch item {
                case .scalar(let v): set.formUnion(RegexScalarSet(scalar: v))
                case .set(let s): set.formUnion(s)
                }
            }
        }
        // Python folds case before negating: `(?i)[^a]` excludes both `a` and `A`.
        if flags.ignoreCase { set = set.caseFolded() }
        return .set(negate ? set.inverted() : set)
    }

    private func rangeText(_ from: Int) -> String {
        var s = ""
        s.unicodeScalars.append(contentsOf: scalars[from..<pos])
        return s
    }
}
