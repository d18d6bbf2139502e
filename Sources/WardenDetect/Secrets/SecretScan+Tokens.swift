/// Validators for vendor tokens that start with a fixed prefix.
extension SecretScan {
    /// A prefix and a body of one alphabet (`npm_`, `glpat-`, `sk_live_`...).
    ///
    /// A fixed-length body is taken at exactly its length and must then end (no letter or
    /// digit follows, nor a `-` or `_` that joins one on); nothing is ever trimmed from it,
    /// since `-` and `_` are as good a last character as any other of a base64url alphabet.
    /// A variable-length body drops only what cannot end it: a trailing `.` (sentence
    /// punctuation; GitLab bodies hold inner dots) and, for a body that continues a canonical
    /// base64url encoding (`pypi-`), a trailing `-` or `_` that the encoding's length rules
    /// out as its last character.
    mutating func prefixed(_ rule: PrefixRule, _ m: Range<Int>) {
        guard isTokenStart(m.lowerBound) else { return }
        let start = m.upperBound
        var end: Int
        if rule.minLength == rule.maxLength {
            guard let e = fixedEnd(from: start, rule.body, length: rule.maxLength) else { return }
            end = e
        } else {
            end = run(from: start, rule.body, limit: rule.maxLength)
            guard end - start <= rule.maxLength else { return }  // the run goes on past the longest body
            while end > start && b[end - 1] == UInt8(ascii: ".") { end -= 1 }
            if let offset = rule.base64Offset {
                let encodingStart = m.lowerBound + offset
                while end > start && (b[end - 1] == UInt8(ascii: "-") || b[end - 1] == UInt8(ascii: "_"))
                        && (end - encodingStart) % 4 != 0 {
                    end -= 1
                }
            }
        }
        let length = end - start
        guard length >= rule.minLength, length <= rule.maxLength, isTokenEnd(end) else { return }
        if rule.startsWithDigit && !ByteSet.digits.contains(b[start]) { return }
        if rule.kind == .slackToken && SecretChecks.classes(slice(start..<end)).digit < 4 { return }
        guard !SecretChecks.isFake(slice(m.lowerBound..<end)) else { return }
        add(m.lowerBound..<end, rule.kind, score: rule.score)
    }

    /// `ghp_` and its siblings: 36 base62 whose last six are the base62 CRC-32 of the first 30.
    /// A verified checksum scores 1; a body of the right shape whose checksum fails still
    /// looks like a token (mistyped, truncated, or made up) and scores 0.6.
    mutating func gitHubClassic(_ kind: SecretKind, _ m: Range<Int>) {
        guard isTokenStart(m.lowerBound) else { return }
        let end = run(from: m.upperBound, .base62, limit: 36)
        guard end - m.upperBound == 36, isTokenEnd(end) else { return }
        let body = slice(m.upperBound..<end)
        guard !SecretChecks.isFake(body) else { return }
        add(m.lowerBound..<end, kind, score: SecretChecks.hasValidGitHubChecksum(body) ? 1 : 0.6)
    }

    /// `github_pat_` + 22 base62 + `_` + 59 base62.
    mutating func gitHubFineGrained(_ m: Range<Int>) {
        guard isTokenStart(m.lowerBound) else { return }
        let first = run(from: m.upperBound, .base62, limit: 22)
        guard first - m.upperBound == 22, at(first) == UInt8(ascii: "_") else { return }
        let end = run(from: first + 1, .base62, limit: 59)
        guard end - first - 1 == 59, isTokenEnd(end), at(end) != UInt8(ascii: "_") else { return }
        guard !SecretChecks.isFake(slice(m.upperBound..<end)) else { return }
        add(m.lowerBound..<end, .githubFineGrainedToken, score: 1)
    }

    /// `sk-`: Anthropic (`sk-ant-api03-…`, `sk-ant-admin01-…`) or OpenAI (`sk-proj-…`,
    /// `sk-svcacct-…`, `sk-admin-…`, legacy `sk-` + 48). OpenAI keys carry `T3BlbkFJ`
    /// (base64 of "OpenAI") in the middle: with it the score is 1; a project key without it
    /// 0.9; a bare legacy-shaped 48-character key 0.7 (other vendors reuse `sk-`).
    mutating func skDash(_ m: Range<Int>) {
        guard isTokenStart(m.lowerBound) else { return }
        let s = m.upperBound
        if matches("ant-", at: s) {
            let wordEnd = run(from: s + 4, ByteSet.lower.union(.digits), limit: 10)
            guard wordEnd - s - 4 >= 3, at(wordEnd) == UInt8(ascii: "-") else { return }
            let end = run(from: wordEnd + 1, .base64URL, limit: 200)
            let length = end - wordEnd - 1
            guard length >= 32, length <= 200, isTokenEnd(end) else { return }
            guard !SecretChecks.isFake(slice((wordEnd + 1)..<end)) else { return }
            let exact = length == 95 && b[end - 1] == UInt8(ascii: "A") && b[end - 2] == UInt8(ascii: "A")
            add(m.lowerBound..<end, .anthropicAPIKey, score: exact ? 1 : 0.9)
            return
        }
        // Project and service keys are base64url, whose `-` and `_` may end a key; the legacy
        // key is base62, so a `-` or `_` after it is punctuation.
        var end = run(from: s, .base64URL, limit: 300)
        var legacyEnd = end
        while legacyEnd > s && (b[legacyEnd - 1] == UInt8(ascii: "-") || b[legacyEnd - 1] == UInt8(ascii: "_")) { legacyEnd -= 1 }
        let project = matches("proj-", at: s) || matches("svcacct-", at: s) || matches("admin-", at: s) || matches("None-", at: s)
        if !project && !SecretChecks.contains(slice(s..<end), Self.openAIMarker) { end = legacyEnd }
        let length = end - s
        guard length >= 20, length <= 300, isTokenEnd(end) else { return }
        let body = slice(s..<end)
        guard !SecretChecks.isFake(body) else { return }
        let score: Double
        if SecretChecks.contains(body, Self.openAIMarker) {
            score = 1
        } else if project && length >= 48 {
            score = 0.9
        } else if length == 48 && run(from: s, .base62, limit: 48) == end {
            let c = SecretChecks.classes(body)
            guard c.upper > 0 && c.lower > 0 && c.digit > 0 else { return }
            score = 0.7
        } else {
            return
        }
        add(m.lowerBound..<end, .openAIAPIKey, score: score)
    }

    private static let openAIMarker = Array("T3BlbkFJ".utf8)

    /// `SK` + 32 lower-case hex: a Twilio API key sid.
    mutating func twilio(_ m: Range<Int>) {
        guard isTokenStart(m.lowerBound) else { return }
        let end = run(from: m.upperBound, .lowerHex, limit: 32)
        guard end - m.upperBound == 32, isTokenEnd(end) else { return }
        let body = slice(m.upperBound..<end)
        let c = SecretChecks.classes(body)
        guard c.lower > 0, c.digit > 0, !SecretChecks.isFake(body) else { return }
        add(m.lowerBound..<end, .twilioAPIKey, score: 0.9)
    }

    /// `SG.` + 22 + `.` + 43 base64url.
    mutating func sendGrid(_ m: Range<Int>) {
        guard isTokenStart(m.lowerBound) else { return }
        let first = run(from: m.upperBound, .base64URL, limit: 22)
        guard first - m.upperBound == 22, at(first) == UInt8(ascii: ".") else { return }
        guard let end = fixedEnd(from: first + 1, .base64URL, length: 43) else { return }
        guard !SecretChecks.isFake(slice(m.upperBound..<end)) else { return }
        add(m.lowerBound..<end, .sendgridAPIKey, score: 1)
    }

    /// `PMAK-` + 24 hex + `-` + 34 hex.
    mutating func postman(_ m: Range<Int>) {
        guard isTokenStart(m.lowerBound) else { return }
        let first = run(from: m.upperBound, .lowerHex, limit: 24)
        guard first - m.upperBound == 24, at(first) == UInt8(ascii: "-") else { return }
        let end = run(from: first + 1, .lowerHex, limit: 34)
        guard end - first - 1 == 34, isTokenEnd(end), !SecretChecks.isFake(slice(m.upperBound..<end)) else { return }
        add(m.lowerBound..<end, .postmanAPIKey, score: 1)
    }

    /// `glsa_` + 32 base62 + `_` + 8 hex: a Grafana service account token.
    mutating func grafanaServiceAccount(_ m: Range<Int>) {
        guard isTokenStart(m.lowerBound) else { return }
        let first = run(from: m.upperBound, .base62, limit: 32)
        guard first - m.upperBound == 32, at(first) == UInt8(ascii: "_") else { return }
        let end = run(from: first + 1, .hex, limit: 8)
        guard end - first - 1 == 8, isTokenEnd(end), !SecretChecks.isFake(slice(m.upperBound..<end)) else { return }
        add(m.lowerBound..<end, .grafanaToken, score: 1)
    }

    /// `<bot id: 8–10 digits>:AA<33 base64url>`: a Telegram bot token (the trigger is `:AA`).
    mutating func telegram(_ m: Range<Int>) {
        var s = m.lowerBound
        while s > 0 && m.lowerBound - s < 11 && ByteSet.digits.contains(b[s - 1]) { s -= 1 }
        let digits = m.lowerBound - s
        guard digits >= 8, digits <= 10, isTokenStart(s) || matches("bot", at: s - 3) else { return }
        guard let end = fixedEnd(from: m.lowerBound + 1, .base64URL, length: 35),
              !SecretChecks.isFake(slice((m.lowerBound + 1)..<end)) else { return }
        add(s..<end, .telegramBotToken, score: 1)
    }

    /// `[https://]hooks.slack.com/services/T<id>/B<id>/<secret>`.
    mutating func slackWebhook(_ m: Range<Int>) {
        var start = m.lowerBound
        if matchesFolded("https://", at: start - 8) { start -= 8 } else if matchesFolded("http://", at: start - 7) { start -= 7 }
        guard isTokenStart(start) || start < m.lowerBound else { return }
        var i = m.upperBound
        for lead in [UInt8(ascii: "T"), UInt8(ascii: "B")] {
            guard at(i) == lead else { return }
            let e = run(from: i + 1, .upperAlphanumeric, limit: 12)
            guard e - i - 1 >= 6, e - i - 1 <= 12, at(e) == UInt8(ascii: "/") else { return }
            i = e + 1
        }
        let end = run(from: i, .base62, limit: 32)
        guard end - i >= 20, end - i <= 32, isTokenEnd(end), !SecretChecks.isFake(slice(i..<end)) else { return }
        add(start..<end, .slackWebhook, score: 1)
    }

    /// `AKIA`/`ASIA`/`ABIA`/`ACCA` + 16 base32; then a 40-character secret right after the
    /// id (CSV exports, `aws configure` transcripts) is taken as its secret access key.
    mutating func awsKeyID(_ m: Range<Int>) {
        guard isTokenStart(m.lowerBound) else { return }
        let end = run(from: m.upperBound, .base32Upper, limit: 16)
        guard end - m.upperBound == 16, isTokenEnd(end), !SecretChecks.isFake(slice(m.lowerBound..<end)) else { return }
        add(m.lowerBound..<end, .awsAccessKeyID, score: 1)
        // The next token within a short distance on the same line, past separators only.
        var i = end
        let stop = min(n, end + 8)
        while i < stop && ByteSet.awsSeparators.contains(b[i]) { i += 1 }
        if i > end { awsSecretValue(at: i, score: 0.85) }
    }

    /// A word naming an AWS secret key (`aws_secret_access_key`, `SecretAccessKey`,
    /// `AWS_SECRET`...), then a separator, then the 40-character secret.
    mutating func awsSecretContext(_ m: Range<Int>) {
        var i = run(from: m.upperBound, ByteSet.identifier, limit: 32)
        var sawSeparator = false
        let stop = min(n, i + 8)
        while i < stop {
            let c = b[i]
            if c == UInt8(ascii: "=") || c == UInt8(ascii: ":") || c == UInt8(ascii: ">") {
                sawSeparator = true
            } else if !ByteSet.quotesAndBlanks.contains(c) {
                break
            }
            i += 1
        }
        if sawSeparator { awsSecretValue(at: i, score: 0.95) }
    }

    /// Exactly 40 base64 characters at `i` with both letter cases and high entropy.
    private mutating func awsSecretValue(at i: Int, score: Double) {
        let end = run(from: i, .base64, limit: 40)
        guard end - i == 40, !ByteSet.base64Padded.contains(at(end)) else { return }
        let body = slice(i..<end)
        let c = SecretChecks.classes(body)
        guard c.upper > 0, c.lower > 0, !SecretChecks.isFake(body), SecretChecks.entropy(body) >= 4 else { return }
        add(i..<end, .awsSecretAccessKey, score: score)
    }

    /// `eyJ…` `.` `eyJ…` `.` signature: a JSON Web Token whose header decodes to a JSON
    /// object with an `"alg"` member.
    mutating func jwt(_ m: Range<Int>) {
        let s = m.lowerBound
        guard isTokenStart(s) else { return }
        let h = run(from: s, .base64URL, limit: 2048)
        guard h - s >= 10, h - s <= 2048, at(h) == UInt8(ascii: ".") else { return }
        guard matches("ey", at: h + 1) else { return }
        let p = run(from: h + 1, .base64URL, limit: 8192)
        guard p - h - 1 >= 4, p - h - 1 <= 8192, at(p) == UInt8(ascii: ".") else { return }
        let end = run(from: p + 1, .base64URL, limit: 2048)
        guard end - p - 1 >= 16, end - p - 1 <= 2048, isTokenEnd(end), at(end) != UInt8(ascii: ".") else { return }
        guard Self.headerHasAlg(slice(s..<h)), !SecretChecks.isFake(slice((p + 1)..<end)) else { return }
        add(s..<end, .jwt, score: 1)
    }

    /// True when the base64url `header` decodes to `{…"alg"…`; reads without allocating,
    /// matching `"alg"` through a rolling window of the last five decoded bytes.
    static func headerHasAlg(_ header: UnsafeBufferPointer<UInt8>.SubSequence) -> Bool {
        var first = true
        var window: UInt64 = 0
        var found = false
        let target: UInt64 = 0x22_61_6C_67_22  // "alg" with its quotes
        let ok = SecretChecks.decodeBase64(header) { byte in
            if first {
                first = false
                if byte != UInt8(ascii: "{") { return false }
            }
            window = ((window << 8) | UInt64(byte)) & 0xFF_FFFF_FFFF
            if window == target { found = true; return false }
            return true
        }
        return ok && found
    }
}
