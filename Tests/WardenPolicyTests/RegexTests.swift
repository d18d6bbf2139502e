import Testing
@testable import WardenPolicy

/// One search expectation: `pattern` searched in `text` gives `expected`.
struct PolicyRegexCase: CustomTestStringConvertible, Sendable {
    let pattern: String
    let text: String
    let expected: Bool
    init(_ pattern: String, _ text: String, _ expected: Bool) {
        self.pattern = pattern
        self.text = text
        self.expected = expected
    }
    var testDescription: String { "/\(pattern)/ on \(text.debugDescription) → \(expected)" }
}

/// One compile-error expectation.
struct PolicyRegexErrorCase: CustomTestStringConvertible, Sendable {
    let pattern: String
    let code: PolicyRegexError.Code
    let message: String
    let column: Int?
    init(_ pattern: String, _ code: PolicyRegexError.Code, _ message: String, _ column: Int?) {
        self.pattern = pattern
        self.code = code
        self.message = message
        self.column = column
    }
    var testDescription: String { "/\(pattern)/ → \(code) at \(column.map(String.init) ?? "-"): \(message)" }
}

private func search(_ pattern: String, _ text: String) throws -> Bool {
    try PolicyRegex(pattern).matches(text)
}

private func search(_ pattern: String, bytes: [UInt8]) throws -> Bool {
    let regex = try PolicyRegex(pattern)
    return try bytes.withUnsafeBufferPointer { buffer throws(PolicyRegexError) -> Bool in
        try regex.matches(utf8: buffer)
    }
}

@Suite("Policy regex")
struct RegexTests {
    @Test("literals, escapes and the dot behave like Python's re.search", arguments: [
        PolicyRegexCase("", "", true),
        PolicyRegexCase("", "anything", true),
        PolicyRegexCase("rm", "sudo rm -rf /", true),
        PolicyRegexCase("rm", "sudo mv a b", false),
        PolicyRegexCase("a\\.b", "a.b", true),
        PolicyRegexCase("a\\.b", "axb", false),
        PolicyRegexCase("a.b", "axb", true),
        PolicyRegexCase("a.b", "a\nb", false),
        PolicyRegexCase("(?s)a.b", "a\nb", true),
        PolicyRegexCase("\\*\\\\\\/\\-", "*\\/-", true),
        PolicyRegexCase("\\n\\t\\r\\f\\v", "\n\t\r\u{0C}\u{0B}", true),
        PolicyRegexCase("a\\0b", "a\u{0}b", true),
        PolicyRegexCase("\\x41\\u00e9\\U0001F600", "Aé😀", true),
        PolicyRegexCase("\\101", "A", true),
        PolicyRegexCase("{", "a{b", true),
        PolicyRegexCase("a{}", "a{}", true),
        PolicyRegexCase("a{,}", "b", true),
        PolicyRegexCase("x{2,3}", "axxb", true),
        PolicyRegexCase("x{2,3}", "axb", false),
        PolicyRegexCase("^x{2}$", "xxx", false),
        PolicyRegexCase("^x{,2}$", "xx", true),
        PolicyRegexCase("^x{2,}$", "xxxxx", true),
        PolicyRegexCase("^(ab)+$", "ababab", true),
        PolicyRegexCase("^(ab)+?$", "ababa", false),
        PolicyRegexCase("^a*?b??c+?$", "aac", true),
        PolicyRegexCase("colou?r", "color", true),
        PolicyRegexCase("cat|dog", "hotdog", true),
        PolicyRegexCase("^(cat|dog)$", "cats", false),
        PolicyRegexCase("(?:a|b)(?P<x>c)(?<y>d)", "bcd", true),
        PolicyRegexCase("]", "]", true),
        PolicyRegexCase("}", "}", true),
    ])
    func basics(_ c: PolicyRegexCase) throws {
        #expect(try search(c.pattern, c.text) == c.expected)
    }

    @Test("character classes, shorthand classes and non-ASCII ranges", arguments: [
        PolicyRegexCase("[abc]", "xxbxx", true),
        PolicyRegexCase("[abc]", "xyz", false),
        PolicyRegexCase("^[^a-z]+$", "ABC123", true),
        PolicyRegexCase("^[^a-z]+$", "ABc", false),
        PolicyRegexCase("^[\\d_-]+$", "12_3-4", true),
        PolicyRegexCase("[\\d_-]", "abc", false),
        PolicyRegexCase("[]]", "]", true),
        PolicyRegexCase("[^]]", "]", false),
        PolicyRegexCase("[a-]", "-", true),
        PolicyRegexCase("[-a]", "-", true),
        PolicyRegexCase("[\\]]", "]", true),
        PolicyRegexCase("[\\b]", "\u{08}", true),
        PolicyRegexCase("[.]", "x", false),
        PolicyRegexCase("^[à-ÿ]+$", "éèü", true),
        PolicyRegexCase("[à-ÿ]", "abc", false),
        PolicyRegexCase("[\\u4e00-\\u9fff]", "hello 世界", true),
        PolicyRegexCase("[\\u4e00-\\u9fff]", "hello world", false),
        PolicyRegexCase("[😀-😂]", "x😁x", true),
        PolicyRegexCase("[^a]", "é", true),
        PolicyRegexCase("\\d", "x7", true),
        PolicyRegexCase("\\d", "٣", false),  // ASCII semantics
        PolicyRegexCase("\\D", "7", false),
        PolicyRegexCase("^\\w+$", "snake_case9", true),
        PolicyRegexCase("\\w", "é", false),  // ASCII semantics
        PolicyRegexCase("\\W", "é", true),
        PolicyRegexCase("\\s", "a\tb", true),
        PolicyRegexCase("\\s", "a\u{A0}b", false),  // ASCII semantics
        PolicyRegexCase("\\S", " \t\n", false),
        PolicyRegexCase("[\\s\\d]", "x5", true),
        PolicyRegexCase("[^\\w]", "abc", false),
        PolicyRegexCase("[[:alpha:]]", "]", false),  // Python: set of '[:alph' then literal ']'
        PolicyRegexCase("[[:alpha:]]", "a]", true),
    ])
    func classes(_ c: PolicyRegexCase) throws {
        #expect(try search(c.pattern, c.text) == c.expected)
    }

    @Test("anchors follow Python semantics, including $ before a final newline", arguments: [
        PolicyRegexCase("^abc", "abcdef", true),
        PolicyRegexCase("^abc", "xabc", false),
        PolicyRegexCase("abc$", "xabc", true),
        PolicyRegexCase("abc$", "abc\n", true),
        PolicyRegexCase("abc$", "abc\n\n", false),
        PolicyRegexCase("abc$", "abc\nx", false),
        PolicyRegexCase("abc$\\n", "abc\n", true),
        PolicyRegexCase("^$", "", true),
        PolicyRegexCase("^$", "\n", true),
        PolicyRegexCase("^$", "\n\n", false),
        PolicyRegexCase("(?m)^$", "a\n\nb", true),
        PolicyRegexCase("(?m)^b", "a\nb", true),
        PolicyRegexCase("^b", "a\nb", false),
        PolicyRegexCase("(?m)a$", "a\nb", true),
        PolicyRegexCase("a$", "a\nb", false),
        PolicyRegexCase("\\Aabc", "abc", true),
        PolicyRegexCase("\\Aabc", "\nabc", false),
        PolicyRegexCase("(?m)\\Aabc", "x\nabc", false),
        PolicyRegexCase("abc\\Z", "abc", true),
        PolicyRegexCase("abc\\Z", "abc\n", false),
        PolicyRegexCase("abc\\z", "abc\n", false),
        PolicyRegexCase("abc\\z", "xabc", true),
        PolicyRegexCase("(?m)abc\\z", "abc\nx", false),
        PolicyRegexCase("a|^b", "cb", false),
        PolicyRegexCase("^a|b", "cb", true),
    ])
    func anchors(_ c: PolicyRegexCase) throws {
        #expect(try search(c.pattern, c.text) == c.expected)
    }

    @Test("word boundaries at the start, end and middle of the text", arguments: [
        PolicyRegexCase("\\brm\\s", "rm -rf /", true),
        PolicyRegexCase("\\brm\\s", "ls && rm x", true),
        PolicyRegexCase("\\brm\\s", "perm x", false),
        PolicyRegexCase("\\brm\\s", "ls -la /tmp && echo done", false),
        PolicyRegexCase("\\bend\\b", "the end", true),
        PolicyRegexCase("\\bend\\b", "endless", false),
        PolicyRegexCase("\\bend\\b", "end", true),
        PolicyRegexCase("\\b", "", false),
        PolicyRegexCase("\\b", "  ", false),
        PolicyRegexCase("\\b", "a", true),
        PolicyRegexCase("\\Bor\\B", "word", true),
        PolicyRegexCase("\\Bor\\B", "or", false),
        PolicyRegexCase("\\B", "", true),  // Python ≥ 3.14; 3.13 and earlier never match \B on ""
        PolicyRegexCase("\\bé", " é", false),  // é is not an ASCII word character
        PolicyRegexCase("a\\b", "aé", true),
        PolicyRegexCase("\\B", "aéa", false),  // no attempt starts inside a multi-byte scalar
    ])
    func wordBoundaries(_ c: PolicyRegexCase) throws {
        #expect(try search(c.pattern, c.text) == c.expected)
    }

    @Test("case-insensitive matching folds ASCII and simple Unicode case pairs", arguments: [
        PolicyRegexCase("(?i)curl", "CuRL x", true),
        PolicyRegexCase("(?i)[a-c]+$", "ABC", true),
        PolicyRegexCase("(?i)[^a]", "A", false),
        PolicyRegexCase("(?i)é", "É", true),
        PolicyRegexCase("(?i)straße", "STRAßE", true),
        PolicyRegexCase("(?i)σ", "Σ", true),
        PolicyRegexCase("(?i)σ", "ς", true),
        PolicyRegexCase("(?i)привет", "ПРИВЕТ", true),
        PolicyRegexCase("(?i)k", "\u{212A}", true),  // Kelvin sign
        PolicyRegexCase("(?i)s", "ſ", true),
        PolicyRegexCase("a(?i:b)c", "aBc", true),
        PolicyRegexCase("a(?i:b)c", "aBC", false),
        PolicyRegexCase("(?i)a(?-i:b)", "Ab", true),
        PolicyRegexCase("(?i)a(?-i:b)", "AB", false),
        PolicyRegexCase("x(?i)y", "xY", true),  // inline flag applies to the rest of the group
        PolicyRegexCase("(x(?i)y)z", "xYZ", false),
        PolicyRegexCase("abc", "ABC", false),
    ])
    func caseFolding(_ c: PolicyRegexCase) throws {
        #expect(try search(c.pattern, c.text) == c.expected)
    }

    @Test("verbose mode ignores whitespace and comments outside classes", arguments: [
        PolicyRegexCase("(?x) a b c  # comment", "abc", true),
        PolicyRegexCase("(?x) a [ ] c", "a c", true),
        PolicyRegexCase("(?x) a \\  c", "a c", true),
        PolicyRegexCase("(?x) a *", "aaa", true),
    ])
    func verbose(_ c: PolicyRegexCase) throws {
        #expect(try search(c.pattern, c.text) == c.expected)
    }

    @Test("the dot and classes consume whole UTF-8 scalars", arguments: [
        PolicyRegexCase("^.$", "é", true),
        PolicyRegexCase("^.$", "中", true),
        PolicyRegexCase("^.$", "😀", true),
        PolicyRegexCase("^..$", "é", false),
        PolicyRegexCase("^.{3}$", "a中😀", true),
        PolicyRegexCase("^[^x]$", "😀", true),
        PolicyRegexCase("^\\W$", "😀", true),
    ])
    func multibyte(_ c: PolicyRegexCase) throws {
        #expect(try search(c.pattern, c.text) == c.expected)
    }

    @Test("invalid UTF-8 input never crashes and never matches . or classes")
    func invalidUTF8() throws {
        #expect(try search("^.$", bytes: [0xFF]) == false)
        #expect(try search("^.$", bytes: [0xC3]) == false)  // truncated sequence
        #expect(try search("^.$", bytes: [0xED, 0xA0, 0x80]) == false)  // encoded surrogate
        #expect(try search("^..$", bytes: [0xC0, 0xAF]) == false)  // overlong
        #expect(try search("[^a]", bytes: [0x80]) == false)
        #expect(try search("rm", bytes: [0xFF, 0x72, 0x6D, 0xFE]) == true)
        #expect(try search("a.c", bytes: [0x61, 0xFF, 0x63]) == false)
        #expect(try search("(?=x)", bytes: [0xFF, 0x78]) == true)
        #expect(try search("(a)\\1", bytes: [0xC3, 0x61, 0x61]) == true)
        #expect(try search("(?i)(é)\\1", bytes: [0xC3, 0xA9, 0xC3]) == false)
        #expect(try search("", bytes: []) == true)
    }

    @Test("lookaround and backreferences from real policies", arguments: [
        PolicyRegexCase("^https?://(?!localhost|127\\.0\\.0\\.1|\\[::1\\])", "https://api.example.com/x", true),
        PolicyRegexCase("^https?://(?!localhost|127\\.0\\.0\\.1|\\[::1\\])", "http://localhost:8080/", false),
        PolicyRegexCase("^https?://(?!localhost|127\\.0\\.0\\.1|\\[::1\\])", "http://127.0.0.1/", false),
        PolicyRegexCase("^https?://(?!localhost|127\\.0\\.0\\.1|\\[::1\\])", "http://[::1]:80/", false),
        PolicyRegexCase("^https?://(?!localhost|127\\.0\\.0\\.1|\\[::1\\])", "ftp://example.com", false),
        PolicyRegexCase("foo(?=bar)", "foobar", true),
        PolicyRegexCase("foo(?=bar)", "foobaz", false),
        PolicyRegexCase("(?<=\\$)\\d+", "cost $42", true),
        PolicyRegexCase("(?<=\\$)\\d+", "cost 42", false),
        PolicyRegexCase("(?<!\\.)\\benv\\b", "cat .env", false),
        PolicyRegexCase("(?<!\\.)\\benv\\b", "print env", true),
        PolicyRegexCase("(?<=é)x", "éx", true),
        PolicyRegexCase("(?<=^|/)\\.ssh/", "/home/u/.ssh/id", true),
        PolicyRegexCase("^(?=.*\\bsudo\\b)(?!.*--dry-run)", "sudo apt install x", true),
        PolicyRegexCase("^(?=.*\\bsudo\\b)(?!.*--dry-run)", "sudo apt install --dry-run x", false),
        PolicyRegexCase("(\\w)\\1", "hello", true),
        PolicyRegexCase("(\\w)\\1", "helo", false),
        PolicyRegexCase("(?P<q>['\"]).*(?P=q)", "say 'hi'", true),
        PolicyRegexCase("(?P<q>['\"]).*(?P=q)", "say 'hi\"", false),
        PolicyRegexCase("(?i)(ab)\\1", "abAB", true),
        PolicyRegexCase("(a)|b\\1", "b", false),
        PolicyRegexCase("(?=(a))\\1", "a", true),
        PolicyRegexCase("(a?)*\\1b", "aab", true),
    ])
    func lookaroundAndBackreferences(_ c: PolicyRegexCase) throws {
        #expect(try search(c.pattern, c.text) == c.expected)
    }

    @Test("compile errors name the problem, its kind and its column", arguments: [
        PolicyRegexErrorCase("\\q", .syntax, "bad escape \\q", 1),
        PolicyRegexErrorCase("ab\\", .syntax, "bad escape (end of pattern)", 3),
        PolicyRegexErrorCase("a(?#x)", .unsupported, "comments (?#...) are not supported", 2),
        PolicyRegexErrorCase("(?>a)", .unsupported, "atomic groups (?>...) are not supported", 1),
        PolicyRegexErrorCase("(ab", .syntax, "missing ), unterminated subpattern", 1),
        PolicyRegexErrorCase("ab)", .syntax, "unbalanced parenthesis", 3),
        PolicyRegexErrorCase("a**", .syntax, "multiple repeat", 3),
        PolicyRegexErrorCase("*a", .syntax, "nothing to repeat", 1),
        PolicyRegexErrorCase("a|?", .syntax, "nothing to repeat", 3),
        PolicyRegexErrorCase("^*", .syntax, "nothing to repeat", 2),
        PolicyRegexErrorCase("a*+", .unsupported, "possessive quantifiers are not supported", 3),
        PolicyRegexErrorCase("[z-a]", .syntax, "bad character range z-a", 2),
        PolicyRegexErrorCase("[\\d-z]", .syntax, "bad character range \\d-z", 2),
        PolicyRegexErrorCase("x{5,2}", .syntax, "min repeat greater than max repeat", 2),
        PolicyRegexErrorCase("x{1001}", .tooComplex, "repetition count exceeds 1000", 2),
        PolicyRegexErrorCase("x{99999999999999999999}", .tooComplex, "repetition count exceeds 1000", 2),
        PolicyRegexErrorCase("éé[abc", .syntax, "unterminated character class", 3),
        PolicyRegexErrorCase("[]", .syntax, "unterminated character class", 1),
        PolicyRegexErrorCase("\\x4", .syntax, "incomplete escape", 1),
        PolicyRegexErrorCase("\\U00110000", .syntax, "bad escape (code point out of range)", 1),
        PolicyRegexErrorCase("\\ud800", .unsupported, "surrogate code points cannot occur in UTF-8 text", 1),
        PolicyRegexErrorCase("\\N{DASH}", .unsupported, "named character escapes \\N{...} are not supported", 1),
        PolicyRegexErrorCase("(a)\\2", .syntax, "invalid group reference 2", 4),
        PolicyRegexErrorCase("(a\\1)", .syntax, "cannot refer to an open group", 3),
        PolicyRegexErrorCase("(?P=nope)", .syntax, "unknown group name 'nope'", 1),
        PolicyRegexErrorCase("(?P<a>x)(?P<a>y)", .syntax, "redefinition of group name 'a'", 9),
        PolicyRegexErrorCase("(?P<1a>x)", .syntax, "bad character in group name '1a'", 1),
        PolicyRegexErrorCase("(?<=a+)b", .unsupported, "look-behind requires a bounded-width pattern", 1),
        PolicyRegexErrorCase("(?z)", .syntax, "unknown extension ?z", 1),
        PolicyRegexErrorCase("(?iz)", .syntax, "unknown flag", 4),
        PolicyRegexErrorCase("(?u)", .unsupported, "inline flag 'u' is not supported (classes are ASCII-only)", 3),
        PolicyRegexErrorCase("(?", .syntax, "unexpected end of pattern", 3),
        PolicyRegexErrorCase(String(repeating: "(", count: 300), .tooComplex, "pattern nests groups more than 200 deep", 201),
        PolicyRegexErrorCase("((a{1000}){1000})", .tooComplex, "pattern too large (compiled program exceeds 100000 instructions)", nil),
    ])
    func errors(_ c: PolicyRegexErrorCase) {
        #expect(throws: PolicyRegexError(code: c.code, message: c.message, column: c.column)) {
            _ = try PolicyRegex(c.pattern)
        }
    }

    @Test("errors describe themselves with their column")
    func errorDescription() {
        do {
            _ = try PolicyRegex("abcd*+")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "column 6: possessive quantifiers are not supported")
            #expect(error.code.description == "unsupported")
        }
        #expect(PolicyRegexError(code: .tooComplex, message: "too big").description == "too big")
    }

    @Test("a 1 MB input is searched to its very end")
    func wholeInputIsSearched() throws {
        let big = String(repeating: "x", count: 1 << 20)
        #expect(try search("\\brm\\s", big + " rm -rf /") == true)
        #expect(try search("\\brm\\s", big) == false)
        #expect(try search("y$", big + "y") == true)
        #expect(try search("y$", big + "y\n") == true)
        #expect(try search("^x+$", big) == true)
        #expect(try search("(?s)a.{0,3}z", big + "a\nbz") == true)
        let regex = try PolicyRegex("secret")
        #expect(try regex.matches(big + "secret"))
        #expect(try regex.matches("secret" + big))
    }

    @Test("pathological patterns finish quickly on the DFA")
    func pathological() throws {
        let clock = ContinuousClock()
        let start = clock.now
        #expect(try search("(a+)+$", String(repeating: "a", count: 5000) + "b") == false)
        #expect(try search("(a|aa)*c", String(repeating: "a", count: 100_000)) == false)
        #expect(try search("(x+x+)+y", String(repeating: "x", count: 100_000)) == false)
        #expect(try search("(.*a){20}", String(repeating: "a", count: 19) + String(repeating: "b", count: 10_000)) == false)
        #expect(clock.now - start < .seconds(5))
    }

    @Test("patterns too large for the DFA fall back to the linear NFA simulation")
    func nfaFallback() throws {
        // An unanchored `a.{20}` needs ~2^21 DFA states: over the cap.
        let regex = try PolicyRegex("a[ab]{20}c")
        guard case .nfa = regex.engine else {
            Issue.record("expected the NFA fallback")
            return
        }
        #expect(try regex.matches(String(repeating: "b", count: 30) + "a" + String(repeating: "ab", count: 10) + "c"))
        #expect(try !regex.matches(String(repeating: "ab", count: 50_000)))
    }

    @Test("the engine is chosen by pattern features")
    func engineSelection() throws {
        if case .dfa = try PolicyRegex("\\brm\\s").engine {} else { Issue.record("expected DFA") }
        if case .backtrack = try PolicyRegex("a(?=b)").engine {} else { Issue.record("expected backtracker") }
        if case .backtrack = try PolicyRegex("(a)\\1").engine {} else { Issue.record("expected backtracker") }
    }

    @Test("backtracking patterns that exhaust the step budget report budgetExceeded")
    func budgetExhaustion() throws {
        // Backreferences disable the visited set, so this explores exponentially many paths.
        let regex = try PolicyRegex("^(a|a)*(?=b)\\1c")
        do {
            _ = try regex.matches(String(repeating: "a", count: 40))
            Issue.record("expected budgetExceeded")
        } catch {
            #expect(error.code == .budgetExceeded)
        }
        // A huge input also exhausts the budget rather than running unbounded.
        #expect(throws: PolicyRegexError.self) {
            _ = try PolicyRegex("(\\w)\\1").matches(String(repeating: "ab", count: 1_000_000))
        }
    }

    @Test("lookaround without backreferences stays polynomial via the visited set")
    func lookaroundMemo() throws {
        #expect(try search("(a|a)*(?=b)c", String(repeating: "a", count: 60)) == false)
        #expect(try search("(?<![a-z])(a|aa)+$", String(repeating: "a", count: 2000) + "!") == false)
    }

    @Test("a compiled regex is shared safely across concurrent tasks")
    func concurrentUse() async throws {
        let regex = try PolicyRegex("(?i)\\b(curl|wget)\\b.*\\|\\s*(ba|z)?sh\\b")
        let look = try PolicyRegex("^https?://(?!localhost)")
        let results = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<64 {
                group.addTask {
                    let hit = (try? regex.matches("curl -s x\(i) | sh")) ?? false
                    let miss = (try? regex.matches("curl -s x\(i) > out")) ?? true
                    let url = (try? look.matches("https://h\(i).example")) ?? false
                    return hit && !miss && url
                }
            }
            var all = true
            for await r in group { all = all && r }
            return all
        }
        #expect(results)
    }

    @Test("the pattern text is kept as written")
    func patternKept() throws {
        #expect(try PolicyRegex("\\brm\\s").pattern == "\\brm\\s")
    }

    @Test("UTF-8 range compilation yields exact encodings", arguments: [
        (UInt32(0), UInt32(0x10FFFF)), (0x80, 0x7FF), (0x800, 0xFFFF), (0xE9, 0x4E00), (0x10000, 0x10FFFF),
    ])
    func utf8Ranges(_ lo: UInt32, _ hi: UInt32) {
        let sequences = RegexUTF8.sequences(lo...hi)
        // Every scalar in a sample of the range is matched by exactly one sequence.
        var v = lo
        while v <= hi {
            if !(0xD800...0xDFFF).contains(v) {
                let bytes = RegexUTF8.encode(v)
                let hits = sequences.filter { seq in
                    seq.count == bytes.count && zip(seq, bytes).allSatisfy { $0.contains($1) }
                }
                #expect(hits.count == 1, "scalar \(v)")
            }
            v += max(1, (hi - lo) / 5000)
        }
    }
}
