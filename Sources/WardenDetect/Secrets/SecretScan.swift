/// One candidate credential: where it is (in normalised bytes) and how sure the rule is.
struct SecretHit {
    var range: Range<Int>
    var kind: SecretKind
    var severity: Severity
    var score: Double
}

/// The state of one `SecretDetector.detect` call over the normalised bytes: the validators
/// (in the `SecretScan+…` files) read `b` and append to `hits`.
///
/// Every validator reads forward or backward from its trigger for a bounded number of bytes,
/// so a call costs the automaton pass, the entropy pass, and a constant per trigger.
struct SecretScan {
    /// The normalised text.
    let b: UnsafeBufferPointer<UInt8>
    /// Candidates in the order the rules found them.
    var hits: [SecretHit] = []
    /// Spans that must not produce entropy findings: PEM public keys and certificates.
    var quiet: [Range<Int>] = []
    /// Positions of `"type": "service_account"`.
    var gcpTypes: [Int] = []
    /// Values of `"private_key"` JSON fields that hold a PEM key.
    var gcpKeys: [Range<Int>] = []
    /// URLs with credentials, held back until the vendor rules have run: a URL whose password
    /// is itself a recognised token (`https://x-access-token:ghp_…@github.com`) is reported as
    /// that token.
    /// The entropy pass's sweep over hit and quiet spans (see `isTaken`).
    var taken: [Range<Int>] = []
    var takenIndex = 0
    var takenReach = 0
    var pendingURLs: [(url: Range<Int>, password: Range<Int>, kind: SecretKind)] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) { b = bytes }

    var n: Int { b.count }

    /// The byte at `i`, or 0 outside the text (so bounds need no separate test).
    @inline(__always)
    func at(_ i: Int) -> UInt8 { i >= 0 && i < b.count ? b[i] : 0 }

    /// `b[range]`.
    @inline(__always)
    func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8>.SubSequence { b[range] }

    /// The end of the run of `set` bytes starting at `i`, reading at most `limit + 1` bytes
    /// (so a run longer than `limit` shows as one byte longer).
    @inline(__always)
    func run(from i: Int, _ set: ByteSet, limit: Int) -> Int {
        let stop = min(b.count, i + limit + 1)
        var j = i
        while j < stop && set.contains(b[j]) { j += 1 }
        return j
    }

    /// The end of a fixed-length body: `length` bytes of `set` from `i`, taken whole (never
    /// trimmed: its last byte may be any of `set`, `-` and `_` included) and then ending the
    /// token (no letter or digit follows, nor a `-`/`_` of `set` that joins one on). Nil otherwise.
    @inline(__always)
    func fixedEnd(from i: Int, _ set: ByteSet, length: Int) -> Int? {
        guard run(from: i, set, limit: length) - i >= length else { return nil }
        let end = i + length
        guard isTokenEnd(end), !(set.contains(at(end)) && !isTokenEnd(end + 1)) else { return nil }
        return end
    }

    /// True when `literal` sits at `i` byte for byte.
    func matches(_ literal: StaticString, at i: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard i >= 0, i + count <= b.count else { return false }
        let p = literal.utf8Start
        for k in 0..<count where b[i + k] != p[k] { return false }
        return true
    }

    /// True when the lower-case ASCII `literal` sits at `i`, ignoring ASCII case.
    func matchesFolded(_ literal: StaticString, at i: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard i >= 0, i + count <= b.count else { return false }
        let p = literal.utf8Start
        for k in 0..<count where SecretChecks.fold(b[i + k]) != p[k] { return false }
        return true
    }

    /// True when a token may start at `i`: nothing that continues a token sits before it.
    @inline(__always)
    func isTokenStart(_ i: Int) -> Bool { i == 0 || !ByteSet.tokenJoin.contains(b[i - 1]) }

    /// True when a token may end at `i`: no letter or digit follows.
    @inline(__always)
    func isTokenEnd(_ i: Int) -> Bool { i >= b.count || !ByteSet.base62.contains(b[i]) }

    /// Records a candidate with the kind's severity.
    mutating func add(_ range: Range<Int>, _ kind: SecretKind, score: Double, severity: Severity? = nil) {
        hits.append(SecretHit(range: range, kind: kind, severity: severity ?? kind.severity, score: score))
    }

    /// The hits in text order (by start, longer first, then kind priority), without exact
    /// duplicates and without hits wholly inside another hit; except that a heuristic hit
    /// (an assignment value, a bearer value) holding a vendor token gives way to the token.
    func resolved() -> [SecretHit] {
        if hits.count <= 1 { return hits }
        let order = SecretKind.priority
        var candidates = hits
        if hits.contains(where: \.kind.isHeuristic) {
            // Format hits by start; for each heuristic hit, look only at those starting inside it.
            let formats = hits.filter { !$0.kind.isHeuristic }.map(\.range).sorted { $0.lowerBound < $1.lowerBound }
            candidates = hits.filter { h in
                guard h.kind.isHeuristic else { return true }
                var lo = 0
                var hi = formats.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if formats[mid].lowerBound < h.range.lowerBound { lo = mid + 1 } else { hi = mid }
                }
                while lo < formats.count && formats[lo].lowerBound < h.range.upperBound {
                    if formats[lo].upperBound <= h.range.upperBound { return false }
                    lo += 1
                }
                return true
            }
        }
        let sorted = candidates.sorted { x, y in
            if x.range.lowerBound != y.range.lowerBound { return x.range.lowerBound < y.range.lowerBound }
            if x.range.upperBound != y.range.upperBound { return x.range.upperBound > y.range.upperBound }
            return order[x.kind, default: 0] < order[y.kind, default: 0]
        }
        var kept: [SecretHit] = []
        var reach = -1  // furthest end among kept hits; sorted by start, so a hit is inside one iff it ends by then
        for h in sorted {
            if h.range.upperBound <= reach { continue }
            kept.append(h)
            reach = max(reach, h.range.upperBound)
        }
        return kept
    }
}
