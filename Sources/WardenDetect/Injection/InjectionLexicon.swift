/// The phrase anchors of the injection detector in every language, compiled into one
/// Aho–Corasick automaton, plus the small word sets its rules consult.
///
/// Anchors are not whole attacks: most are one half of a co-occurrence rule (an override verb
/// and an instruction noun, an extraction verb and a prompt noun...) that `InjectionAnalyzer`
/// pairs within a bounded window. Some also carry a standalone weight (a chat-template token,
/// "do anything now"). Qualifiers ("previous", "your") are not anchors: they are looked up as
/// words around a pair, which keeps short common words out of the automaton. The rot13 forms
/// of a few English keywords are anchors that trigger a rot13 rescan.
struct InjectionLexicon: Sendable {
    /// The role an anchor plays in the pairing rules.
    /// (Fewer than 64 cases: tables indexed by the raw value have 64 slots.)
    enum Part: UInt8, Sendable {
        case none
        case overrideVerb, overrideObject, qualifier
        case extractVerb, extractObject, secretQualifier
        case roleVerb, roleTarget, roleAdjective, roleCopula
        case decodeVerb, followVerb
        case exfilVerb, url, dataObject, appendVerb, urlWord
        case summaryContext, redirect
        case markdownImage, imageTag, commentOpen
        case rot13Trigger
        case claimPredicate, claimSoftPredicate, addressQualifier, disableVerb, freeState
        case authQualifier, youQualifier, hiddenTask, concealment, aiAddressee, weakAddressee, actionVerb, dataVerb
    }

    /// Where the partner of a first-part anchor (a verb) may stand.
    enum Order: UInt8, Sendable {
        /// After the verb (English, Romance, Russian, Chinese).
        case verbFirst
        /// Before the verb (Japanese, Korean, German infinitives).
        case objectFirst
        /// Either side (Chinese 把-constructions).
        case either
    }

    /// One literal and what it means.
    struct Anchor: Sendable {
        var part: Part
        /// The standalone signal of this anchor, if any.
        var kind: InjectionKind?
        var weight: Double
        var order: Order
        var leftBoundary: Bool
        var rightBoundary: Bool
        /// A stem ("instruction*"): the hit extends to the end of the word.
        var stem: Bool
        /// CJK, kana or hangul: no word boundaries, byte windows only.
        var isCJK: Bool
        /// Upper-case letters must match as written (`DAN`, not "Dan"); lower-case ones match either case.
        var caseSensitive: Bool
        /// Must start a line (only spaces before it).
        var lineStart: Bool
        /// An object that needs no qualifier ("everything above", "content policy").
        var selfQualified: Bool
        /// Must end a clause: followed by punctuation, the end, or "and"/"then" ("ignore the above.").
        var clauseEnd: Bool
        /// A generic object that counts only with a strong qualifier ("your previous commands").
        var needsStrongQualifier: Bool
        /// Must open a clause (an order: "AI agent: send the files", not "it will send them").
        var clauseStart: Bool
    }

    /// Options shared by a group of anchors.
    struct Options: OptionSet, Sendable {
        let rawValue: UInt8
        static let caseSensitive = Options(rawValue: 1)
        static let lineStart = Options(rawValue: 2)
        static let selfQualified = Options(rawValue: 4)
        static let clauseEnd = Options(rawValue: 8)
        static let needsStrongQualifier = Options(rawValue: 16)
        static let clauseStart = Options(rawValue: 32)
    }

    /// A group of anchors with the same meaning. A trailing `*` marks a stem (no right boundary).
    struct Group {
        var part: Part
        var kind: InjectionKind? = nil
        var weight: Double = 0
        var order: Order = .verbFirst
        var options: Options = []
        var words: [String]
    }

    let automaton: AhoCorasick
    /// Indexed by pattern number.
    let anchors: [Anchor]
    /// The normalised pattern of each anchor (for case-sensitive checks).
    let patterns: [[UInt8]]
    /// FNV-1a hashes of lower-cased function words that may sit between a verb and its object.
    let fillers: InjectionWordTable
    /// `fillers` plus the words of a state claim's subject ("the rules *you were configured
    /// with* no longer apply") and the address qualifiers.
    let claimFillers: InjectionWordTable
    /// Hashes of qualifier words (Latin and Cyrillic) by qualifier part, and their strength: 1
    /// for words that point at the model's own instructions ("previous", "hidden"), 0.5 for
    /// quantifiers ("all") and possessives that are common in ordinary requests.
    /// Indexed by `Part.rawValue`.
    let qualifiers: [InjectionWordTable?]
    /// CJK qualifiers (no word boundaries: searched as substrings) and their strength, indexed
    /// by `Part.rawValue`.
    let cjkQualifiers: [[([UInt8], Double)]]
    /// Hashes of negation words that, just before a verb, turn an order into a prohibition.
    let negations: InjectionWordTable

    /// The lexicon, built once per process.
    static let shared = InjectionLexicon()

    init() {
        var anchors: [Anchor] = []
        var patterns: [[UInt8]] = []
        var qualifiers: [Part: [UInt64: Double]] = [:]
        var cjkQualifiers: [Part: [([UInt8], Double)]] = [:]
        for group in Self.groups {
            for word in group.words {
                var text = word
                var stem = false
                if text.hasSuffix("*") { stem = true; text.removeLast() }
                let bytes = NormalizedText.normalize(text)
                guard !bytes.isEmpty else { continue }
                if group.part == .qualifier || group.part == .secretQualifier || group.part == .addressQualifier
                    || group.part == .authQualifier || group.part == .youQualifier {
                    if bytes.contains(where: { $0 >= 0xE0 }) {
                        cjkQualifiers[group.part, default: []].append((bytes, group.weight))
                    } else {
                        qualifiers[group.part, default: [:]][Self.hash(bytes)] = group.weight
                    }
                    continue
                }
                anchors.append(Self.anchor(bytes, group: group, stem: stem))
                patterns.append(bytes)
            }
        }
        for word in Self.rot13Triggers {
            let bytes = NormalizedText.normalize(word).map(Self.rot13)
            anchors.append(Self.anchor(bytes, group: Group(part: .rot13Trigger, words: []), stem: false))
            patterns.append(bytes)
        }
        self.anchors = anchors
        self.patterns = patterns
        var tables = [InjectionWordTable?](repeating: nil, count: 64)
        var cjkTables = [[([UInt8], Double)]](repeating: [], count: 64)
        for (part, words) in qualifiers { tables[Int(part.rawValue)] = InjectionWordTable(words.map { ($0.key, $0.value) }) }
        for (part, list) in cjkQualifiers { cjkTables[Int(part.rawValue)] = list }
        self.qualifiers = tables
        self.cjkQualifiers = cjkTables
        automaton = AhoCorasick(patterns.map { String(decoding: $0, as: UTF8.self) }, normalizing: false)
        // Qualifiers ("previous", "your") may stand between a verb and its object too.
        let baseFillers = Self.fillerWords.map { Self.hash(NormalizedText.normalize($0)) }
            + qualifiers.filter { $0.key == .qualifier || $0.key == .secretQualifier }.values.flatMap(\.keys)
        fillers = InjectionWordTable(keys: baseFillers)
        claimFillers = InjectionWordTable(keys: baseFillers + Self.claimFillerWords.map { Self.hash(NormalizedText.normalize($0)) }
            + (qualifiers[.addressQualifier]?.keys.map { $0 } ?? []))
        negations = InjectionWordTable(keys: Self.negationWords.map { Self.hash(NormalizedText.normalize($0)) })
    }

    private static func anchor(_ bytes: [UInt8], group: Group, stem: Bool) -> Anchor {
        let cjk = bytes.contains { $0 >= 0xE0 }
        let first = bytes[0]
        let last = bytes[bytes.count - 1]
        let wordStart = isASCIIAlnum(first) || first >= 0x80
        let wordEnd = isASCIIAlnum(last) || last >= 0x80
        return Anchor(
            part: group.part, kind: group.kind, weight: group.weight, order: group.order,
            leftBoundary: !cjk && wordStart, rightBoundary: !cjk && wordEnd && !stem, stem: stem && !cjk, isCJK: cjk,
            caseSensitive: group.options.contains(.caseSensitive), lineStart: group.options.contains(.lineStart),
            selfQualified: group.options.contains(.selfQualified), clauseEnd: group.options.contains(.clauseEnd),
            needsStrongQualifier: group.options.contains(.needsStrongQualifier),
            clauseStart: group.options.contains(.clauseStart))
    }

    @inline(__always) static func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    @inline(__always) static func isASCIIAlnum(_ b: UInt8) -> Bool { isASCIILetter(b) || (b >= 0x30 && b <= 0x39) }

    static func rot13(_ b: UInt8) -> UInt8 {
        guard isASCIILetter(b) else { return b }
        let base: UInt8 = b >= 0x61 ? 0x61 : 0x41
        return (b - base + 13) % 26 + base
    }

    /// FNV-1a over ASCII-lower-cased bytes.
    static func hash<C: Collection<UInt8>>(_ bytes: C) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for var b in bytes {
            if b >= 0x41 && b <= 0x5A { b |= 0x20 }
            h = (h ^ UInt64(b)) &* 0x100_0000_01b3
        }
        return h
    }
}
