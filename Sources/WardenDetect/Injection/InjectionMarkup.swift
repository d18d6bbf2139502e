/// Markup that carries injections: markdown image beacons, `<img src>` beacons and HTML
/// comments. Every scan here is bounded.
enum InjectionMarkup {
    /// How far an image's alt text and URL may run.
    static let maxAlt = 256
    static let maxURL = 2048
    /// How far an HTML comment may run before it is treated as unterminated.
    static let maxComment = 4096

    /// A beacon signal for the markdown image starting with `![` (or the `<img` tag) at `start`:
    /// an image URL whose query carries template fields or conversation data is how a model
    /// is made to leak data when the image is rendered.
    static func imageBeacon(_ b: UnsafeBufferPointer<UInt8>, at start: Int, isTag: Bool) -> InjectionSignal? {
        let n = b.count
        var i = start + (isTag ? 4 : 2)
        if isTag {
            // `<img ... src=` within the tag.
            var found = false
            while i + 3 <= n && i - start < maxAlt && b[i] != 0x3E {
                if b[i] | 0x20 == 0x73, b[i + 1] | 0x20 == 0x72, b[i + 2] | 0x20 == 0x63 { found = true; i += 3; break }
                i += 1
            }
            guard found else { return nil }
            while i < n && (b[i] == 0x20 || b[i] == 0x3D || b[i] == 0x22 || b[i] == 0x27) { i += 1 }
        } else {
            while i < n && i - start < maxAlt && b[i] != 0x5D && b[i] != 0x0A { i += 1 }
            guard i + 1 < n, b[i] == 0x5D, b[i + 1] == 0x28 else { return nil }
            i += 2
            while i < n && b[i] == 0x20 { i += 1 }
        }
        let urlStart = i
        guard hasPrefix(b, i, "http://") || hasPrefix(b, i, "https://") || hasPrefix(b, i, "//") else { return nil }
        while i < n && i - urlStart < maxURL {
            let c = b[i]
            if c == 0x29 || c == 0x20 || c == 0x0A || c == 0x22 || c == 0x27 || c == 0x3E { break }
            i += 1
        }
        let end = min(n, i + (i < n && b[i] == 0x29 ? 1 : 0))
        let score = beaconScore(b, urlStart..<i)
        guard score > 0 else { return nil }
        return InjectionSignal(kind: .exfiltration, start: start, end: end, score: isTag ? score - 0.05 : score)
    }

    /// 0.8 for template fields anywhere in the URL, 0.65 for data words in the query, 0.45 for a
    /// long query value, else 0.
    private static func beaconScore(_ b: UnsafeBufferPointer<UInt8>, _ url: Range<Int>) -> Double {
        var query: Int?
        for i in url {
            switch b[i] {
            case 0x7B, 0x7D, 0x24, 0x3C, 0x5B, 0x5D: return 0.8  // { } $ < [ ]
            case 0x25 where i + 2 < url.upperBound:
                let a = b[i + 1], c = b[i + 2] | 0x20
                if (a == 0x37 && (c == 0x62 || c == 0x64)) || (a == 0x32 && c == 0x34) || c == 0x73 && a | 0x20 == 0x73 { return 0.8 }
            case 0x3F where query == nil: query = i + 1
            default: break
            }
        }
        guard let q = query else { return 0 }
        for word in dataWords where contains(b, q..<url.upperBound, word) { return 0.65 }
        var run = 0
        var longest = 0
        for i in q..<url.upperBound {
            if b[i] == 0x26 || b[i] == 0x3D { run = 0 } else { run += 1; longest = max(longest, run) }
        }
        return longest >= 40 ? 0.45 : 0
    }

    private static let dataWords: [[UInt8]] = [
        "data", "secret", "conversation", "summary", "history", "password", "passwd", "token", "apikey", "api_key",
        "chat", "memory", "prompt", "email", "leak", "exfil", "content", "message", "msg=", "ssn", "credential",
    ].map { Array($0.utf8) }

    /// Finds HTML comments `<!-- … -->` of at most `maxComment` bytes, remembering how far it
    /// has searched so that many openers share one scan for the closer.
    struct CommentScan {
        /// The next `-->` found (its start), valid while `from` is at or before it.
        private var close = -1
        /// Every byte before this was searched for `-->` and none starts in `[searchedFrom, searchedTo)`.
        private var searchedFrom = 0
        private var searchedTo = 0

        /// The comment opened at `start`, if it closes within `maxComment` bytes.
        mutating func comment(_ b: UnsafeBufferPointer<UInt8>, at start: Int) -> Range<Int>? {
            let from = start + 4
            let limit = min(b.count, start + maxComment)
            if close >= from {
                return close + 3 <= limit ? start..<(close + 3) : nil
            }
            var i = from
            if from >= searchedFrom && from < searchedTo { i = searchedTo }
            while i + 3 <= limit {
                if b[i] == 0x2D, b[i + 1] == 0x2D, b[i + 2] == 0x3E {
                    close = i
                    return start..<(i + 3)
                }
                i += 1
            }
            searchedFrom = from
            searchedTo = max(from, limit - 2)
            return nil
        }
    }

    private static func hasPrefix(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ p: StaticString) -> Bool {
        let count = p.utf8CodeUnitCount
        guard i + count <= b.count else { return false }
        return p.withUTF8Buffer { p in
            for k in 0..<count where b[i + k] | 0x20 != p[k] | 0x20 { return false }
            return true
        }
    }

    @inline(__always) private static func fold(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }

    /// ASCII case-insensitive substring test (needles are lower case).
    private static func contains(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, _ needle: [UInt8]) -> Bool {
        guard r.count >= needle.count else { return false }
        var i = r.lowerBound
        outer: while i + needle.count <= r.upperBound {
            for k in 0..<needle.count where fold(b[i + k]) != needle[k] { i += 1; continue outer }
            return true
        }
        return false
    }
}
