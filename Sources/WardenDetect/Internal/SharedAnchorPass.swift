/// One Aho–Corasick pass that finds the injection lexicon's ASCII anchors and the secret
/// detector's literals together, for long ASCII texts scanned by both detectors.
///
/// Each pass over a long text costs about half a nanosecond per byte however few patterns it
/// has (four lanes, each step waiting on the one before), so the secret detector's own pass
/// was about a seventh of a full scan of prose. Both automata are case-insensitive over the
/// same normalised bytes, so one automaton of both pattern lists reports exactly what the two
/// would: each occurrence goes to its detector with its index in that detector's own list, in
/// the same order (by end, then by index). Only ASCII texts use it: non-ASCII injection
/// anchors are left out, which keeps its table as small as the lexicon's ASCII-only one.
enum SharedAnchorPass {
    /// Below this many bytes the two passes are cheap (one lane each), and short-lived processes
    /// that scan only short texts never build this automaton.
    static let minimumLength = 4096

    private static let compiled: (automaton: AhoCorasick, origin: [Int32]) = {
        let lexicon = InjectionLexicon.shared.patterns
        var patterns: [String] = []
        // origin >= 0: a lexicon index; origin < 0: the secret literal -(origin + 1).
        var origin: [Int32] = []
        for (i, p) in lexicon.enumerated() where p.allSatisfy({ $0 < 0x80 }) {
            patterns.append(String(decoding: p, as: UTF8.self))
            origin.append(Int32(i))
        }
        for (i, literal) in SecretDetector.literals.enumerated() {
            precondition(literal.utf8.allSatisfy { $0 < 0x80 }, "SharedAnchorPass: secret literals are ASCII")
            patterns.append(literal)
            origin.append(-Int32(i) - 1)
        }
        return (AhoCorasick(patterns, normalizing: false), origin)
    }()

    /// True when `text` should be scanned with the shared pass.
    static func applies(to text: NormalizedText) -> Bool {
        text.bytes.count >= minimumLength && text.bytesAreASCII
    }

    /// The occurrences of the injection anchors and of the secret literals in `bytes` (ASCII),
    /// each list in the order its detector's own automaton would report it.
    static func matches(in bytes: [UInt8]) -> (injection: [AhoCorasick.Match], secret: [AhoCorasick.Match]) {
        let (automaton, origin) = compiled
        var injection: [AhoCorasick.Match] = []
        var secret: [AhoCorasick.Match] = []
        bytes.withUnsafeBufferPointer { buffer in
            automaton.forEachMatch(in: buffer) { m in
                let o = Int(origin[m.pattern])
                if o >= 0 {
                    injection.append(.init(pattern: o, start: m.start, end: m.end))
                } else {
                    secret.append(.init(pattern: -o - 1, start: m.start, end: m.end))
                }
            }
        }
        return (injection, secret)
    }
}
