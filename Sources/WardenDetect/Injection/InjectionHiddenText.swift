/// Hidden-text signals: Unicode tag-character smuggling and invisible characters that split
/// instruction phrases.
///
/// Normalisation has already decoded tag characters to the ASCII they stand for and dropped
/// zero-width characters, so the phrase rules see the hidden instruction; these checks add
/// the evidence that someone hid it.
enum InjectionHiddenText {
    /// Adds hidden-text signals for `text` to `out`, given the phrase signals found in it.
    static func signals(_ text: NormalizedText, phraseSignals: [InjectionSignal], into out: inout [InjectionSignal]) {
        if text.isIdentity { return }
        if text.tagCharacterCount > 0 {
            for run in tagRuns(text) {
                let covers = phraseSignals.contains { $0.start < run.upperBound && run.lowerBound < $0.end && $0.score >= 0.3 }
                out.append(InjectionSignal(kind: .hiddenText, start: run.lowerBound, end: run.upperBound, score: covers ? 0.95 : 0.75))
            }
        }
        if text.hiddenCharacterCount > 0 {
            for s in phraseSignals where s.score >= 0.3 && s.kind != .hiddenText && hasDroppedScalar(text, s.start..<s.end) {
                out.append(InjectionSignal(kind: .hiddenText, start: s.start, end: s.end, score: 0.6))
            }
        }
    }

    /// Runs of normalised ASCII that came from 4-byte scalars (tag characters, or mathematical
    /// letters) and look like smuggled text rather than a flag's subdivision code: longer than
    /// seven bytes, or holding a space, punctuation or an upper-case letter.
    static func tagRuns(_ text: NormalizedText) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        let bytes = text.bytes
        var i = 0
        while i < bytes.count {
            guard isFromFourByteScalar(text, i) else { i += 1; continue }
            let start = i
            var suspicious = false
            while i < bytes.count && isFromFourByteScalar(text, i) {
                let c = bytes[i]
                if !(c >= 0x61 && c <= 0x7A) && !(c >= 0x30 && c <= 0x39) { suspicious = true }
                i += 1
            }
            if (suspicious && i - start >= 4) || i - start > 7 { runs.append(start..<i) }
        }
        return runs
    }

    @inline(__always)
    private static func isFromFourByteScalar(_ text: NormalizedText, _ i: Int) -> Bool {
        text.bytes[i] < 0x80 && text.originalRange(i..<(i + 1)).count == 4
    }

    /// True when some scalar of the original between the first and last byte of `range` was
    /// dropped by normalisation (a zero-width space inside "ig​nore").
    static func hasDroppedScalar(_ text: NormalizedText, _ range: Range<Int>) -> Bool {
        guard range.count >= 2 else { return false }
        var previousEnd = text.originalRange(range.lowerBound..<(range.lowerBound + 1)).upperBound
        for i in (range.lowerBound + 1)..<range.upperBound {
            let r = text.originalRange(i..<(i + 1))
            if r.lowerBound > previousEnd { return true }
            previousEnd = r.upperBound
        }
        return false
    }
}
