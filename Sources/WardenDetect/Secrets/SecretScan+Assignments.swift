/// Validators for credentials identified by their surroundings rather than their shape:
/// `password=…`-style assignments, credentials inside URLs, and HTTP authorization values.
extension SecretScan {
    // MARK: - password_assignment

    /// A config key ending in a credential word (`DB_PASSWORD`, `client_secret`, `apiKey`,
    /// `--password`), a separator (`=`, `:`, `:=`, `=>`, `>` in XML, a space after a CLI
    /// flag), and a value that is neither a placeholder nor a reference to one.
    ///
    /// The span is the value alone (without quotes), so redaction keeps the key readable:
    /// `password=[PASSWORD_ASSIGNMENT_REDACTED]`. Password keys accept any real-looking value
    /// (people do use `hunter2`); other keys (`token`, `secret`, `api_key`) need at least 8
    /// characters mixing character classes. Score 0.7–0.85: it is a heuristic.
    mutating func assignment(_ key: AssignmentKey, _ m: Range<Int>) {
        let e = m.upperBound
        // The word must end the key: `password_hash`, `tokens`, `passwordFile` are other keys.
        let next = at(e)
        if ByteSet.base62.contains(next) || next == UInt8(ascii: "_") { return }
        if (next == UInt8(ascii: "-") || next == UInt8(ascii: ".")) && ByteSet.base62.contains(at(e + 1)) { return }
        var s = m.lowerBound
        while s > 0 && ByteSet.identifier.contains(b[s - 1]) {
            s -= 1
            if m.lowerBound - s > 64 { return }
        }
        if m.count <= 4 && m.lowerBound > s {
            // `pass`/`pwd` inside a word (`bypass`, `compass`) is not a key: it must follow a
            // separator or start a camel-case component (`dbPass`).
            let before = b[m.lowerBound - 1]
            let camel = ByteSet.lower.contains(before) && ByteSet.upper.contains(b[m.lowerBound])
            if ByteSet.letters.contains(before) && !camel { return }
        }
        if m.count == 5 && SecretChecks.fold(b[m.lowerBound]) == UInt8(ascii: "t") && isBenignTokenKey(s, m.lowerBound) { return }
        let isFlag = b[s] == UInt8(ascii: "-")
        let isXML = at(s - 1) == UInt8(ascii: "<")

        // The separator.
        var i = e
        if next == UInt8(ascii: "\"") || next == UInt8(ascii: "'") {
            i += 1
        } else if next == UInt8(ascii: "\\") && at(e + 1) == UInt8(ascii: "\"") {
            i += 2
        }
        let afterKey = i
        while i < n && i - afterKey < 4 && ByteSet.blank.contains(b[i]) { i += 1 }
        let blanksBefore = i > afterKey
        var separator = at(i)
        switch separator {
        case UInt8(ascii: "="):
            if at(i + 1) == UInt8(ascii: "=") || at(i - 1) == UInt8(ascii: "!") { return }
            i += at(i + 1) == UInt8(ascii: ">") ? 2 : 1
        case UInt8(ascii: ":"):
            if at(i + 1) == UInt8(ascii: ":") { return }
            i += at(i + 1) == UInt8(ascii: "=") ? 2 : 1
        case UInt8(ascii: ">") where isXML:
            i += 1
        default:
            guard isFlag && blanksBefore else { return }
            separator = UInt8(ascii: " ")
        }
        let valueLead = i
        while i < n && i - valueLead < 8 && ByteSet.blank.contains(b[i]) { i += 1 }
        let blanksAfter = i > valueLead

        // The value.
        var quoted = false
        var value: Range<Int>
        let c = at(i)
        if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") || c == UInt8(ascii: "`") {
            guard let close = closingQuote(c, from: i + 1) else { return }
            value = (i + 1)..<close
            quoted = true
        } else if c == UInt8(ascii: "\\") && at(i + 1) == UInt8(ascii: "\"") {
            var j = i + 2
            let stop = min(n, j + 512)
            while j < stop && !(b[j] == UInt8(ascii: "\\") && at(j + 1) == UInt8(ascii: "\"")) && b[j] != UInt8(ascii: "\n") { j += 1 }
            guard j < stop, b[j] == UInt8(ascii: "\\") else { return }
            value = (i + 2)..<j
            quoted = true
        } else if separator == UInt8(ascii: ">") {
            var j = i
            let stop = min(n, j + 256)
            while j < stop && b[j] != UInt8(ascii: "<") && b[j] != UInt8(ascii: "\n") { j += 1 }
            guard j < stop, b[j] == UInt8(ascii: "<") else { return }
            value = i..<j
            quoted = true
        } else {
            let end = run(from: i, ByteSet.unquotedValue, limit: 256)
            guard end - i <= 256 else { return }
            var trimmed = end
            while trimmed > i && b[trimmed - 1] == UInt8(ascii: ".") { trimmed -= 1 }
            value = i..<trimmed
        }
        // Trim blanks inside quotes/tags.
        while !value.isEmpty && ByteSet.whitespace.contains(b[value.lowerBound]) { value = (value.lowerBound + 1)..<value.upperBound }
        while !value.isEmpty && ByteSet.whitespace.contains(b[value.upperBound - 1]) { value = value.lowerBound..<(value.upperBound - 1) }

        let v = slice(value)
        let minimum = key == .password ? 4 : 8
        guard v.count >= minimum, !Self.isPlaceholderValue(v, strict: key == .secret) else { return }
        let shape = Self.shape(v)
        if !quoted {
            if isFlag && separator == UInt8(ascii: " ") && v.first == UInt8(ascii: "-") { return }
            // Code, not configuration: `password = user_password`, `token = self.token`,
            // `secret = getSecret()`, `password: String`.
            if shape.hasCall || shape.innerEquals || shape.isDottedIdentifier { return }
            if separator == UInt8(ascii: "=") && blanksBefore && blanksAfter && shape.isIdentifier && !shape.hasDigit { return }
            // `PGPASSWORD= psql …`: an empty shell assignment before a command.
            if separator == UInt8(ascii: "=") && !blanksBefore && blanksAfter { return }
            if separator == UInt8(ascii: ":") && shape.isTypeName { return }
            // Prose: `Use a strong password: mix letters and numbers`.
            if separator == UInt8(ascii: ":") && shape.isLettersOnly && followedByWord(value.upperBound) { return }
        }
        if key == .secret && shape.classCount < 2 && !shape.hasSymbol { return }
        let strong = v.count >= 8 && (shape.classCount >= 3 || (shape.classCount >= 2 && shape.hasSymbol))
        let score = key == .password ? (strong ? 0.8 : 0.7) : (strong ? 0.85 : 0.75)
        add(value, .passwordAssignment, score: score)
    }

    /// `next_page_token`, `eos_token`, `max_token`...: keys that end in "token" but hold
    /// pagination cursors, tokenizer symbols or counts.
    private func isBenignTokenKey(_ start: Int, _ word: Int) -> Bool {
        var e = word
        while e > start && !ByteSet.letters.contains(b[e - 1]) { e -= 1 }
        var s = e
        while s > start && ByteSet.lower.contains(SecretChecks.fold(b[s - 1])) {
            s -= 1
            // camelCase: `nextPageToken` → "page"
            if ByteSet.upper.contains(b[s]) { break }
        }
        guard e > s else { return false }
        let component = slice(s..<e)
        for w in Self.benignTokenComponents
            where SecretChecks.equalsFolded(component, w) {
            return true
        }
        return false
    }

    /// The index of the quote `q` closing a value that starts at `from`, on the same line and
    /// within 512 bytes, honouring backslash escapes.
    private func closingQuote(_ q: UInt8, from: Int) -> Int? {
        var j = from
        let stop = min(n, from + 512)
        while j < stop {
            let c = b[j]
            if c == q { return j }
            if c == UInt8(ascii: "\n") { return nil }
            if c == UInt8(ascii: "\\") { j += 1 }
            j += 1
        }
        return nil
    }

    /// True when another word follows `i` on the same line (the value is part of a sentence).
    private func followedByWord(_ i: Int) -> Bool {
        var j = i
        while j < n && j - i < 4 && ByteSet.blank.contains(b[j]) { j += 1 }
        return j > i && ByteSet.letters.contains(at(j))
    }

    /// What a value looks like, for the code/prose/placeholder tests.
    struct ValueShape {
        var classCount = 0
        var hasSymbol = false
        var hasCall = false
        var innerEquals = false
        var isIdentifier = false
        var isDottedIdentifier = false
        var isTypeName = false
        var isLettersOnly = false
        var hasDigit = false
    }

    static func shape(_ v: UnsafeBufferPointer<UInt8>.SubSequence) -> ValueShape {
        var s = ValueShape()
        let c = SecretChecks.classes(v)
        s.classCount = (c.upper > 0 ? 1 : 0) + (c.lower > 0 ? 1 : 0) + (c.digit > 0 ? 1 : 0)
        var identifierLike = true
        var dots = 0
        var lastWasDot = true
        for (k, x) in v.enumerated() {
            if !ByteSet.base62.contains(x) && x != UInt8(ascii: "_") {
                if x == UInt8(ascii: ".") {
                    if lastWasDot { identifierLike = false }
                    dots += 1
                    lastWasDot = true
                    continue
                }
                identifierLike = false
                if x != UInt8(ascii: "-") { s.hasSymbol = true }
                if x == UInt8(ascii: "(") || x == UInt8(ascii: "[") { s.hasCall = true }
                if x == UInt8(ascii: "=") && k < v.count - 2 { s.innerEquals = true }
            } else if lastWasDot && ByteSet.digits.contains(x) {
                identifierLike = false
            }
            lastWasDot = false
        }
        if lastWasDot { identifierLike = false }
        s.isIdentifier = identifierLike && dots == 0
        s.isDottedIdentifier = identifierLike && dots > 0
        s.isLettersOnly = c.upper + c.lower == v.count
        s.hasDigit = c.digit > 0
        // `String`, `SecretStr`, `String?`, `Data`: a capitalised word, maybe optional.
        var w = v
        while let last = w.last, last == UInt8(ascii: "?") || last == UInt8(ascii: "!") { w = w.dropLast() }
        let wc = SecretChecks.classes(w)
        s.isTypeName = !w.isEmpty && ByteSet.upper.contains(w[w.startIndex]) && wc.upper + wc.lower == w.count && wc.lower > 0
        return s
    }

    /// True for values that stand for a secret rather than being one: empty, masked
    /// (`****`, `xxxx`), templated (`${DB_PASSWORD}`, `$PASSWORD`, `{{ secret }}`,
    /// `<your-api-key>`, `%s`), redaction labels (`[SECRET_REDACTED]`), literals (`None`,
    /// `null`, `true`), paths, and stock words (`changeme`, `password`, `your_token_here`).
    /// `strict` adds the repeated/sequential-run test (which would drop the real weak
    /// password `123456`, so password keys skip it).
    static func isPlaceholderValue(_ v: UnsafeBufferPointer<UInt8>.SubSequence, strict: Bool) -> Bool {
        guard let first = v.first else { return true }
        if ByteSet.placeholderLead.contains(first) { return true }
        var meaningful = false
        for x in v where ByteSet.base62.contains(x) && x != UInt8(ascii: "x") && x != UInt8(ascii: "X") {
            meaningful = true
            break
        }
        if !meaningful { return true }
        if strict ? SecretChecks.isFake(v) : SecretChecks.isFakeWord(v) { return true }
        for w in Self.placeholderWords
            where SecretChecks.equalsFolded(v, w) {
            return true
        }
        for w in Self.placeholderFragments
            where SecretChecks.containsFolded(v, w) {
            return true
        }
        return false
    }

    // MARK: - database_url and url_credentials

    /// `scheme://user:password@host…`. Database schemes (postgres, mysql, mongodb+srv, redis,
    /// amqp, mssql…, with SQLAlchemy-style `+driver` and `jdbc:` prefixes) report
    /// `database_url`, any other scheme `url_credentials`. The span is the whole URL, from the
    /// scheme to the first white space or quote (trailing sentence punctuation left out), so
    /// the host and any password in the query string are redacted with it and no e-mail-like
    /// `password@host` fragment is left behind.
    mutating func urlScheme(_ m: Range<Int>) {
        let colon = m.lowerBound
        var s = colon
        while s > 0 && colon - s < 32 && ByteSet.schemeChar.contains(b[s - 1]) { s -= 1 }
        guard s < colon, ByteSet.letters.contains(b[s]), s == 0 || !ByteSet.schemeChar.contains(b[s - 1]) else { return }
        // The authority: up to the first `/`, `?`, `#` or stop byte; the password is between
        // the first `:` and the last `@` of it.
        let a = m.upperBound
        var ae = a
        var lastAt = -1
        var firstColon = -1
        let stop = min(n, a + 512)
        while ae < stop {
            let c = b[ae]
            if ByteSet.urlStop.contains(c) || c == UInt8(ascii: "/") || c == UInt8(ascii: "?") || c == UInt8(ascii: "#") { break }
            if c == UInt8(ascii: "@") { lastAt = ae }
            if c == UInt8(ascii: ":") && firstColon < 0 && lastAt < 0 { firstColon = ae }
            ae += 1
        }
        guard lastAt > a, firstColon >= a, firstColon < lastAt else { return }
        let password = slice((firstColon + 1)..<lastAt)
        guard !password.isEmpty, !Self.isPlaceholderValue(password, strict: false) else { return }
        guard lastAt + 1 < ae, ByteSet.base62.contains(b[lastAt + 1]) || b[lastAt + 1] == UInt8(ascii: "[") else { return }
        var end = ae
        let urlStop = min(n, s + 2048)
        while end < urlStop && !ByteSet.urlStop.contains(b[end]) { end += 1 }
        while end > lastAt + 1 && ByteSet.trailingPunctuation.contains(b[end - 1]) { end -= 1 }
        let kind: SecretKind = isDatabaseScheme(s..<colon) ? .databaseURL : .urlCredentials
        pendingURLs.append((s..<end, (firstColon + 1)..<lastAt, kind))
    }

    /// Reports the held-back URLs whose password no vendor rule claimed.
    mutating func finishURLs() {
        for p in pendingURLs {
            let claimed = hits.contains { h in
                h.range.overlaps(p.password) && h.kind != .passwordAssignment && h.kind != .databaseURL && h.kind != .urlCredentials
            }
            if !claimed { add(p.url, p.kind, score: p.kind == .databaseURL ? 0.95 : 0.9) }
        }
    }

    /// True when the scheme (before any `+driver`) names a database or message broker.
    private func isDatabaseScheme(_ r: Range<Int>) -> Bool {
        var e = r.lowerBound
        while e < r.upperBound && b[e] != UInt8(ascii: "+") { e += 1 }
        let base = slice(r.lowerBound..<e)
        for w in Self.databaseSchemes
            where SecretChecks.equalsFolded(base, w) {
            return true
        }
        return false
    }

    // MARK: - Authorization values

    /// `Bearer <token>`: the token (20+ URL-safe characters with digits and a second
    /// character class), score 0.85.
    mutating func bearer(_ m: Range<Int>) {
        guard m.lowerBound == 0 || !ByteSet.base62.contains(b[m.lowerBound - 1]) else { return }
        guard at(m.upperBound) == UInt8(ascii: " ") else { return }
        let s = m.upperBound + 1
        let end = run(from: s, .bearerValue, limit: 4096)
        guard end - s >= 20, end - s <= 4096 else { return }
        let v = slice(s..<end)
        let c = SecretChecks.classes(v)
        let classes = (c.upper > 0 ? 1 : 0) + (c.lower > 0 ? 1 : 0) + (c.digit > 0 ? 1 : 0)
        guard c.digit > 0, classes >= 2, !Self.isPlaceholderValue(v, strict: true) else { return }
        add(s..<end, .bearerToken, score: 0.85)
    }

    /// `Basic <base64 of user:password>`: decoded, it must be printable and hold a `:` with a
    /// non-placeholder password after it. Score 0.9.
    mutating func basic(_ m: Range<Int>) {
        guard m.lowerBound == 0 || !ByteSet.base62.contains(b[m.lowerBound - 1]) else { return }
        guard at(m.upperBound) == UInt8(ascii: " ") else { return }
        let s = m.upperBound + 1
        let end = run(from: s, .base64Padded, limit: 1024)
        let length = end - s
        guard length >= 8, length <= 1024, length % 4 == 0, isTokenEnd(end) else { return }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(length)
        var printable = true
        let ok = SecretChecks.decodeBase64(slice(s..<end)) { byte in
            if byte < 0x20 || byte > 0x7E { printable = false; return false }
            decoded.append(byte)
            return true
        }
        guard ok, printable, let colon = decoded.firstIndex(of: UInt8(ascii: ":")), colon > 0, colon + 1 < decoded.count else { return }
        let placeholder = decoded.withUnsafeBufferPointer { d in Self.isPlaceholderValue(d[(colon + 1)...], strict: false) }
        guard !placeholder else { return }
        add(s..<end, .basicAuthCredentials, score: 0.9)
    }
}

extension SecretScan {
    /// Components before "token" that make a key a cursor, tokenizer symbol or count.
    static let benignTokenComponents: [StaticString] = ["page", "next", "pagination", "continuation", "eos", "bos", "pad", "unk", "sep", "cls", "mask",
        "sync", "cancel", "cancellation", "stop", "start", "end", "max", "min", "special", "sentinel",
        "prompt", "completion", "total", "input", "output", "num", "cursor", "resume"]
    /// Whole values that stand for a secret.
    static let placeholderWords: [StaticString] = ["none", "null", "nil", "true", "false", "yes", "no", "on", "off", "undefined", "empty",
        "changeme", "changeit", "password", "passwd", "pass", "secret", "token", "sample", "test",
        "hidden", "required", "optional", "string", "bool", "boolean", "integer", "number", "default",
        "value", "masked", "unset", "notset", "omitted", "todo", "tbd", "fixme", "n/a", "***", "str",
        "int", "env", "secure", "private", "apikey", "api_key", "mysecret", "mypassword", "prompt"]
    /// Fragments of template values (`your_token_here`).
    static let placeholderFragments: [StaticString] = ["your", "change_me", "change-me", "changeme", "_here", "-here", "replace", "insert", "enter_"]
    /// URL schemes of databases and message brokers.
    static let databaseSchemes: [StaticString] = ["postgres", "postgresql", "pgsql", "mysql", "mysqlx", "mariadb", "mongodb", "redis", "rediss",
        "amqp", "amqps", "mssql", "sqlserver", "oracle", "cockroachdb", "clickhouse", "couchdb",
        "cassandra", "neo4j", "bolt", "memcached", "snowflake", "db2", "influxdb", "elasticsearch"]
}
