/// The `high_entropy_token` heuristic: random-looking tokens that no format rule claimed.
extension SecretScan {
    /// Walks the runs of base64/base62 bytes (one class test per byte) and weighs each run of
    /// 20 or more. Runs next to a key-ish word (`key`, `secret`, `token`, `auth`...) need
    /// less to count (score 0.7, high); runs standing alone must be long, mix all character
    /// classes, not be hex, not decode to text, and clear a length-scaled entropy bar (score
    /// 0.5, medium): hex digests, UUIDs, base64 images, PEM certificates, SSH public keys and
    /// integrity hashes never count.
    ///
    /// Only runs of 20+ bytes matter, and any 20 consecutive positions hold a probe, so the
    /// pass probes one byte in 20 and reads a run only around a probe that lands in one.
    /// A probe inside a word is dismissed without reading the word when both of its 8-byte
    /// neighbourhoods hold a byte no token has (a space, punctuation under `+`, non-ASCII):
    /// a 20-byte run through `q` holds all of `q-8..<q` or all of `q+1..<q+9`. On prose that
    /// settles nearly every probe in a few instructions and one well-predicted branch.
    mutating func entropyPass() {
        // What candidates must not overlap, by start, for a forward sweep (`isTaken`).
        taken = (hits.map(\.range) + quiet).sorted { $0.lowerBound < $1.lowerBound }
        takenIndex = 0
        takenReach = 0
        let set = ByteSet.entropyToken  // a local copy: no global accessor in the loop
        let count = n
        // Invariant: every run of 20+ bytes starting before `q - 19` has been weighed.
        var q = 19
        var floor = 0  // runs cannot extend back past this (end of the last run read)
        let raw = UnsafeRawBufferPointer(b)
        while q < count {
            if !set.contains(b[q]) {
                q += 20
                continue
            }
            if q >= 8 && q + 9 <= count
                && Self.holdsNonToken(raw.loadUnaligned(fromByteOffset: q - 8, as: UInt64.self))
                && Self.holdsNonToken(raw.loadUnaligned(fromByteOffset: q + 1, as: UInt64.self)) {
                q += 20
                continue
            }
            var s = q
            while s > floor && set.contains(b[s - 1]) { s -= 1 }
            var e = q + 1
            while e < count && set.contains(b[e]) { e += 1 }
            if e - s >= 20 { entropyRun(s..<e) }
            floor = e
            q = e + 20
        }
    }

    /// True when one of the eight bytes of `word` is below `+` (0x2B, the smallest byte of
    /// `ByteSet.entropyToken`) or not ASCII, so it is in no token. Exact (no false positives):
    /// the borrow of the subtraction only reaches bytes above one that is below `+`.
    @inline(__always)
    static func holdsNonToken(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        return ((word &- ones &* 0x2B) & ~word & high) | (word & high) != 0
    }

    /// Splits a run at every `=` that something other than `=` follows: base64 puts `=` only
    /// at the end, so an inner one separates a name from its value (`key=…`, `sig=…`), and
    /// only the pieces are weighed (the value's span then starts after the `=`, and the name
    /// before it is context).
    private mutating func entropyRun(_ r: Range<Int>) {
        var s = r.lowerBound
        var k = s
        let last = r.upperBound - 1
        while k < last {
            if b[k] == UInt8(ascii: "=") && b[k + 1] != UInt8(ascii: "=") {
                if k + 1 - s >= 20 { entropyCandidate(s..<(k + 1)) }
                s = k + 1
            }
            k += 1
        }
        if r.upperBound - s >= 20 { entropyCandidate(s..<r.upperBound) }
    }

    /// Weighs one candidate. Leading `+/=_-` and trailing `+` and `/` are trimmed; a trailing
    /// `-` or `_` stays, since base64url tokens end in them as often as in any other character
    /// (trimming would leave the token's last character visible after redaction).
    private mutating func entropyCandidate(_ r: Range<Int>) {
        var s = r.lowerBound
        var e = r.upperBound
        while s < e && ByteSet.entropyEdge.contains(b[s]) { s += 1 }
        while e > s && (b[e - 1] == UInt8(ascii: "+") || b[e - 1] == UInt8(ascii: "/")) { e -= 1 }
        var core = e
        while core > s && b[core - 1] == UInt8(ascii: "=") { core -= 1 }
        let length = core - s
        guard length >= 20, length <= 1024 else { return }
        // Something more specific already took it, or it sits in a public PEM block.
        if isTaken(s..<e) { return }
        if excludedByPrefix(s) { return }
        let body = slice(s..<core)
        if SecretChecks.isFake(slice(s..<e)) { return }
        var isHex = true
        var separators = 0
        var slashes = 0
        for x in body {
            if !ByteSet.hex.contains(x) { isHex = false }
            if !ByteSet.base62.contains(x) { separators += 1 }
            if x == UInt8(ascii: "/") { slashes += 1 }
        }
        let c = SecretChecks.classes(body)
        switch keywordContext(before: s) {
        case .benign:
            return
        case .secret:
            if isHex {
                guard length >= 32, c.digit > 0, c.lower + c.upper > 0, SecretChecks.entropy(body) >= 3 else { return }
            } else {
                guard c.upper > 0, c.lower > 0, c.digit > 0, separators * 4 <= length, SecretChecks.entropy(body) >= 3.7 else { return }
            }
            add(s..<e, .highEntropyToken, score: 0.7, severity: .high)
        case .none:
            guard !isHex, length >= 40, length <= 256, c.upper >= 2, c.lower >= 2, c.digit >= 2 else { return }
            guard separators * 8 <= length, slashes <= 2 else { return }
            let bar = 0.85 * SecretChecks.log2(Double(min(length, 64)))
            guard SecretChecks.entropy(body) >= bar, !decodesToText(body) else { return }
            add(s..<e, .highEntropyToken, score: 0.5, severity: .medium)
        }
    }

    /// True when `r` overlaps a hit or a quiet span. Candidates arrive in text order, so the
    /// sweep over `taken` only moves forward: linear overall.
    private mutating func isTaken(_ r: Range<Int>) -> Bool {
        while takenIndex < taken.count && taken[takenIndex].lowerBound < r.upperBound {
            takenReach = max(takenReach, taken[takenIndex].upperBound)
            takenIndex += 1
        }
        return takenReach > r.lowerBound
    }

    private enum Context { case none, secret, benign }

    /// What the same line says just before `s` (40 bytes back at most).
    private func keywordContext(before s: Int) -> Context {
        var w = s
        while w > 0 && s - w < 40 && b[w - 1] != UInt8(ascii: "\n") { w -= 1 }
        if w == s { return .none }
        let window = slice(w..<s)
        for word in Self.benignContextWords
            where SecretChecks.containsFolded(window, word) {
            return .benign
        }
        for word in Self.secretContextWords
            where SecretChecks.containsFolded(window, word) {
            return .secret
        }
        return .none
    }

    /// `data:…;base64,` payloads, `sha512-…` integrity strings, `SHA256:` fingerprints,
    /// Go `h1:` sums, and SSH public key bodies.
    private func excludedByPrefix(_ s: Int) -> Bool {
        if matchesFolded("base64,", at: s - 7) || matchesFolded("sha256:", at: s - 7) || matchesFolded("sha1:", at: s - 5)
            || matchesFolded("md5:", at: s - 4) || matchesFolded("h1:", at: s - 3) || matchesFolded("sha512:", at: s - 7) {
            return true
        }
        if matchesFolded("sha1-", at: s) || matchesFolded("sha256-", at: s) || matchesFolded("sha384-", at: s)
            || matchesFolded("sha512-", at: s) {
            return true
        }
        return matches("AAAAB3NzaC1", at: s) || matches("AAAAC3NzaC1", at: s) || matches("AAAAE2VjZHNh", at: s)
            || matches("AAAAB3NzaC1kc3", at: s)
    }

    /// True when the run is base64 of mostly printable ASCII: encoded text, not a key.
    private func decodesToText(_ body: UnsafeBufferPointer<UInt8>.SubSequence) -> Bool {
        var printable = 0
        var total = 0
        let ok = SecretChecks.decodeBase64(body) { byte in
            total += 1
            if (byte >= 0x20 && byte < 0x7F) || byte == 0x0A || byte == 0x09 { printable += 1 }
            return true
        }
        return ok && total > 0 && printable * 10 >= total * 9
    }
}

extension SecretScan {
    /// Words near a token that say it is an id or a digest.
    static let benignContextWords: [StaticString] = ["public", "fingerprint", "hash", "digest", "checksum", "sha", "md5", "commit", "uuid", "nonce",
        "integrity", "etag", "_id", "-id", " id", "\"id", "kid"]
    /// Words near a token that say it is a credential.
    static let secretContextWords: [StaticString] = ["key", "secret", "token", "auth", "cred", "passw", "bearer", "private", "api"]
}
