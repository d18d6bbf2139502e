/// Validators for multi-line and structured credentials: PEM private keys, GCP service
/// account files, Azure storage keys and connection strings.
extension SecretScan {
    /// `-----BEGIN <label>-----`, a base64 body, `-----END <label>-----`.
    ///
    /// Private key labels (`PRIVATE KEY`, `RSA PRIVATE KEY`, `EC`, `DSA`, `ENCRYPTED`,
    /// `OPENSSH`, `PGP PRIVATE KEY BLOCK`) are reported from BEGIN through END (score 1), or
    /// through the end of the body when the END line is missing (a truncated paste, 0.85).
    /// Other labels (public keys, certificates) are only remembered so the entropy heuristic
    /// stays quiet inside them. The body must hold at least 64 base64 characters, so a
    /// header quoted in prose or `...` in documentation is not a key.
    mutating func pemBegin(_ m: Range<Int>) {
        let labelStart = m.upperBound
        let labelEnd = run(from: labelStart, ByteSet.pemLabel, limit: 40)
        guard labelEnd > labelStart, matches("-----", at: labelEnd) else { return }
        let label = slice(labelStart..<labelEnd)
        let kind: SecretKind?
        if SecretChecks.equalsFolded(label, "openssh private key") {
            kind = .opensshPrivateKey
        } else if SecretChecks.equalsFolded(label, "pgp private key block") {
            kind = .pgpPrivateKey
        } else if SecretChecks.equalsFolded(label, "private key") || SecretChecks.equalsFolded(label, "rsa private key")
                    || SecretChecks.equalsFolded(label, "ec private key") || SecretChecks.equalsFolded(label, "dsa private key")
                    || SecretChecks.equalsFolded(label, "encrypted private key") || SecretChecks.equalsFolded(label, "dh private key") {
            kind = .privateKey
        } else {
            kind = nil
        }
        // The body: base64, white space, escaped newlines (`\n` in JSON), and the header
        // lines of legacy encrypted keys (`Proc-Type: 4,ENCRYPTED`); it stops at `-----`.
        var i = labelEnd + 5
        var base64Count = 0
        var lastBody = i
        let stop = min(n, i + 65_536)
        while i < stop {
            let c = b[i]
            if c == UInt8(ascii: "-") && matches("-----", at: i) { break }
            if ByteSet.base64Padded.contains(c) {
                base64Count += 1
                lastBody = i + 1
            } else if !ByteSet.pemExtra.contains(c) {
                break
            }
            i += 1
        }
        var end = lastBody
        var complete = false
        if matches("-----END ", at: i) {
            let endLabel = i + 9
            if endLabel + label.count + 5 <= n && slice(endLabel..<(endLabel + label.count)).elementsEqual(label)
                && matches("-----", at: endLabel + label.count) {
                end = endLabel + label.count + 5
                complete = true
            }
        }
        guard let kind else {
            quiet.append(m.lowerBound..<max(end, lastBody))
            return
        }
        guard base64Count >= 64 else { return }
        add(m.lowerBound..<end, kind, score: complete ? 1 : 0.85)
    }

    /// `"type": "service_account"`: remembered, and matched to a `"private_key"` value near it
    /// once the whole text has been read (`finishServiceAccounts`).
    mutating func gcpType(_ m: Range<Int>) {
        guard at(m.lowerBound - 1) == UInt8(ascii: "\""), at(m.upperBound) == UInt8(ascii: "\"") else { return }
        var i = m.lowerBound - 2
        while i >= 0 && ByteSet.whitespace.contains(b[i]) { i -= 1 }
        guard at(i) == UInt8(ascii: ":") else { return }
        i -= 1
        while i >= 0 && ByteSet.whitespace.contains(b[i]) { i -= 1 }
        guard matches("\"type\"", at: i - 5) else { return }
        gcpTypes.append(m.lowerBound)
    }

    /// `"private_key": "-----BEGIN …"`: the string value is remembered.
    mutating func gcpPrivateKey(_ m: Range<Int>) {
        var i = m.upperBound
        while i < n && ByteSet.whitespace.contains(b[i]) { i += 1 }
        guard at(i) == UInt8(ascii: ":") else { return }
        i += 1
        while i < n && ByteSet.whitespace.contains(b[i]) { i += 1 }
        guard at(i) == UInt8(ascii: "\""), matches("-----BEGIN ", at: i + 1) else { return }
        let start = i + 1
        var j = start
        let stop = min(n, start + 16_384)
        while j < stop && b[j] != UInt8(ascii: "\"") {
            if b[j] == UInt8(ascii: "\\") { j += 1 }
            j += 1
        }
        guard j < stop, at(j) == UInt8(ascii: "\"") else { return }
        gcpKeys.append(start..<j)
    }

    /// Reports each remembered private key value that sits within 16 KB of a
    /// `"type": "service_account"` (the same JSON document), spanning the value.
    mutating func finishServiceAccounts() {
        guard !gcpTypes.isEmpty, !gcpKeys.isEmpty else { return }
        // Both lists are in text order: one forward sweep finds the nearest type of each key.
        var t = 0
        for key in gcpKeys {
            while t + 1 < gcpTypes.count && gcpTypes[t + 1] <= key.lowerBound { t += 1 }
            var near = abs(gcpTypes[t] - key.lowerBound) <= 16_384
            if !near && t + 1 < gcpTypes.count { near = abs(gcpTypes[t + 1] - key.lowerBound) <= 16_384 }
            if near { add(key, .gcpServiceAccount, score: 1) }
        }
    }

    /// `AccountKey=<base64>`: an Azure storage account key (86 base64 + `==`, score 1; other
    /// lengths from 40 to 120, 0.8).
    mutating func azureAccountKey(_ m: Range<Int>) {
        let s = m.upperBound
        let end = run(from: s, .base64Padded, limit: 120)
        let length = end - s
        guard length >= 40, length <= 120, !ByteSet.base62.contains(at(end)) else { return }
        let body = slice(s..<end)
        guard !SecretChecks.isFake(body) else { return }
        let exact = length == 88 && b[end - 1] == UInt8(ascii: "=") && b[end - 2] == UInt8(ascii: "=")
            && run(from: s, .base64, limit: 86) == s + 86
        add(s..<end, .azureStorageKey, score: exact ? 1 : 0.8)
    }

    /// `DefaultEndpointsProtocol=…;AccountName=…;AccountKey=…` (or `SharedAccessSignature=…sig=`,
    /// or Service Bus `Endpoint=sb://…;SharedAccessKey=…`): the whole connection string.
    mutating func azureConnectionString(_ m: Range<Int>) {
        guard isTokenStart(m.lowerBound) || at(m.lowerBound - 1) == UInt8(ascii: ";") else { return }
        var end = m.upperBound
        let stop = min(n, m.lowerBound + 2048)
        while end < stop && !ByteSet.urlStop.contains(b[end]) { end += 1 }
        while end > m.upperBound && ByteSet.trailingPunctuation.contains(b[end - 1]) { end -= 1 }
        let whole = slice(m.lowerBound..<end)
        guard !SecretChecks.isFake(whole) else { return }
        var hasSecret = false
        for name in [Self.accountKey, Self.sharedAccessKey, Self.sharedAccessSignature] {
            guard let v = valueAfter(name, in: m.lowerBound..<end) else { continue }
            if name == Self.sharedAccessSignature {
                hasSecret = hasSecret || SecretChecks.containsFolded(slice(v), "sig=")
            } else {
                let key = run(from: v.lowerBound, .base64Padded, limit: 200)
                hasSecret = hasSecret || key - v.lowerBound >= 20
            }
        }
        guard hasSecret else { return }
        add(m.lowerBound..<end, .azureConnectionString, score: 1)
    }

    private static let accountKey = Array("accountkey=".utf8)
    private static let sharedAccessKey = Array("sharedaccesskey=".utf8)
    private static let sharedAccessSignature = Array("sharedaccesssignature=".utf8)

    /// The value (up to the next `;`) of the `name=` field of a connection string in `range`,
    /// matched ignoring ASCII case at the start of a field.
    private func valueAfter(_ name: [UInt8], in range: Range<Int>) -> Range<Int>? {
        var i = range.lowerBound
        while i + name.count <= range.upperBound {
            if i == range.lowerBound || b[i - 1] == UInt8(ascii: ";") {
                var k = 0
                while k < name.count && SecretChecks.fold(b[i + k]) == name[k] { k += 1 }
                if k == name.count {
                    var e = i + k
                    while e < range.upperBound && b[e] != UInt8(ascii: ";") { e += 1 }
                    return (i + k)..<e
                }
            }
            i += 1
        }
        return nil
    }
}
