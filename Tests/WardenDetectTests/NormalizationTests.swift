import Testing
@testable import WardenDetect

@Suite("Normalisation")
struct NormalizationTests {
    @Test("pure ASCII is used as it is")
    func asciiIdentity() {
        let t = NormalizedText("ignore previous instructions")
        #expect(t.isIdentity)
        #expect(t.bytes == Array("ignore previous instructions".utf8))
    }

    @Test("invisible characters are dropped and spans map back to the original bytes")
    func zeroWidth() {
        let text = "ig\u{200B}no\u{202E}re"
        let t = NormalizedText(text)
        #expect(String(decoding: t.bytes, as: UTF8.self) == "ignore")
        #expect(t.hiddenCharacterCount == 2)
        #expect(t.originalRange(0..<6) == 0..<text.utf8.count)
        #expect(t.originalRange(2..<4) == 5..<7)  // "no" sits after the 3-byte U+200B
    }

    @Test("compatibility forms become ASCII", arguments: [
        ("ｉｇｎｏｒｅ", "ignore"), ("ﬁle", "file"), ("ﬃx", "ffix"), ("𝐈𝐠𝐧𝐨𝐫𝐞", "Ignore"), ("ⓘⓖⓝⓞⓡⓔ", "ignore"),
        ("précédentes", "precedentes"), ("Straße", "Strasse"), ("e\u{301}", "e"), ("“quoted” – dash", "\"quoted\" - dash"),
        ("\u{E0069}\u{E0067}", "ig"), ("ign\u{043E}re", "ignore"), ("\u{0399}GNORE", "iGNORE"),
    ])
    func compatibility(input: String, expected: String) {
        #expect(String(decoding: NormalizedText(input).bytes, as: UTF8.self) == expected)
    }

    @Test("Cyrillic upper and lower case normalise alike")
    func cyrillicCase() {
        #expect(NormalizedText.normalize("ИГНОРИРУЙ") == NormalizedText.normalize("игнорируй"))
        #expect(NormalizedText.normalize("Все") == NormalizedText.normalize("все"))
    }

    @Test("CJK text passes through unchanged")
    func cjk() {
        #expect(String(decoding: NormalizedText("忽略之前的指令").bytes, as: UTF8.self) == "忽略之前的指令")
    }
}

@Suite("Normalised text is ASCII")
struct NormalizedASCIITests {
    @Test("bytesAreASCII says whether the normalised bytes are, with or without a pass")
    func bytesAreASCII() {
        #expect(NormalizedText("plain text").bytesAreASCII)
        #expect(NormalizedText("").bytesAreASCII)
        #expect(NormalizedText("ｆｕｌｌｗｉｄｔｈ").bytesAreASCII)  // folded to ASCII
        #expect(NormalizedText("\u{200B}\u{200B}").bytesAreASCII)  // all dropped
        #expect(!NormalizedText("игнорируй").bytesAreASCII)
        #expect(!NormalizedText("ok 忽略").bytesAreASCII)
    }
}

@Suite("Aho-Corasick")
struct AhoCorasickTests {
    @Test("finds overlapping patterns case-insensitively with their spans")
    func overlapping() {
        let ac = AhoCorasick(["he", "she", "his", "hers"])
        let found = ac.matches(in: Array("uSHErs".utf8)).map { [$0.pattern, $0.start, $0.end] }
        #expect(found == [[0, 2, 4], [1, 1, 4], [3, 2, 6]])
    }

    @Test("long texts (scanned in four interleaved lanes) give exactly the naive matcher's occurrences", arguments: [1, 2, 3])
    func lanesAgreeWithNaive(seed: UInt64) {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        func random(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let alphabet = Array("abcAB ".utf8)
        let patterns = (0..<12).map { _ in (0..<(1 + random(6))).map { _ in alphabet[random(4)] } }
        let text = (0..<(1500 + random(3000))).map { _ in alphabet[random(alphabet.count)] }
        let found = AhoCorasick(patterns.map { String(decoding: $0, as: UTF8.self) }, normalizing: false).matches(in: text)
        #expect(found == Self.naive(patterns, text))
        #expect(!found.isEmpty)
    }

    @Test("short texts with long patterns (lanes that re-read most of their neighbour) give the naive matcher's occurrences",
          arguments: [100, 127, 128, 135, 136, 137, 150, 200, 333, 700])
    func shortLanesAgreeWithNaive(length: Int) {
        var state = UInt64(length) &* 0x9E37_79B9_7F4A_7C15
        func random(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let alphabet = Array("abcAB ".utf8)
        let text = (0..<length).map { _ in alphabet[random(alphabet.count)] }
        var patterns = (0..<6).map { _ in (0..<(1 + random(4))).map { _ in alphabet[random(4)] } }
        // Long ones cut from the text itself, so they occur; one as long as 36 bytes.
        for l in [20, 29, 36] {
            let at = random(length - l)
            patterns.append(Array(text[at..<(at + l)]))
        }
        let found = AhoCorasick(patterns.map { String(decoding: $0, as: UTF8.self) }, normalizing: false).matches(in: text)
        #expect(found == Self.naive(patterns, text))
        #expect(found.contains { $0.end - $0.start >= 20 })
    }

    @Test("with ASCII and non-ASCII patterns, ASCII texts (their own smaller automaton) and mixed ones find the same as the naive matcher",
          arguments: [4, 5, 6])
    func asciiAutomatonAgreesWithNaive(seed: UInt64) {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        func random(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        // "é" is two bytes (C3 A9); patterns use it a third of the time.
        let symbols: [[UInt8]] = [[0x61], [0x62], [0x63], [0x41], [0xC3, 0xA9]]
        let patterns = (0..<16).map { k in
            (0..<(1 + random(5))).flatMap { _ in symbols[random(k % 3 == 0 ? 5 : 4)] }
        }
        #expect(patterns.contains { $0.contains { $0 >= 0x80 } } && patterns.contains { $0.allSatisfy { $0 < 0x80 } })
        let ac = AhoCorasick(patterns.map { String(decoding: $0, as: UTF8.self) }, normalizing: false)
        for withAccent in [false, true] {
            for length in [40, 3000] {
                let text = (0..<length).flatMap { _ in random(6) == 0 ? [0x20] : symbols[random(withAccent ? 5 : 4)] }
                let found = ac.matches(in: text)
                #expect(found == Self.naive(patterns, text), "accent \(withAccent), \(length) bytes")
                #expect(!found.isEmpty)
            }
        }
    }

    /// Every occurrence by brute force, ASCII case-insensitively, by end and then pattern.
    private static func naive(_ patterns: [[UInt8]], _ text: [UInt8]) -> [AhoCorasick.Match] {
        let fold: (UInt8) -> UInt8 = { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }
        var expected: [AhoCorasick.Match] = []
        for end in 1...text.count {
            for (index, bytes) in patterns.enumerated() where bytes.count <= end {
                if zip(text[(end - bytes.count)..<end], bytes).allSatisfy({ fold($0) == fold($1) }) {
                    expected.append(.init(pattern: index, start: end - bytes.count, end: end))
                }
            }
        }
        return expected
    }

    @Test("matches normalised multilingual phrases")
    func multilingual() {
        let ac = AhoCorasick(["игнорируй", "忽略", "précédentes"])
        let text = NormalizedText("ИГНОРИРУЙ 忽略 precedentes")
        #expect(ac.matches(in: text.bytes).map(\.pattern) == [0, 1, 2])
    }
}
