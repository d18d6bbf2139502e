/// Credentials in text: vendor API keys and tokens, private keys, cloud credentials,
/// database URLs, passwords in assignments, and (conservatively) random-looking tokens.
///
/// One Aho–Corasick pass over the normalised bytes finds every literal a format starts with
/// or sits next to (`ghp_`, `AKIA`, `-----BEGIN `, `password`, `://`...; see
/// `SecretTrigger.table`); each hit runs only its own hand-written validator, which reads a
/// bounded number of bytes around it. A second pass weighs runs of base64 bytes for the
/// entropy heuristic. Both are linear in the input, and nothing is allocated per byte.
///
/// Checksum-verified and fixed-format matches score 1; context heuristics score lower
/// (`password_assignment` 0.7–0.85, `high_entropy_token` 0.5–0.7). Documentation samples
/// (`AKIAIOSFODNN7EXAMPLE`, `sk_test_4eC39HqLyjWDarjtT1zdp7dc`...), values containing
/// `EXAMPLE` or `XXXX`, and placeholders (`${DB_PASSWORD}`, `<your-api-key>`, `changeme`,
/// `[SECRET_REDACTED]`, `****`) are never reported, so redacted output scans clean.
struct SecretDetector: Sendable {
    private let automaton: AhoCorasick
    private let triggers: [SecretTrigger]
    /// For each pattern, its bytes when it must match case-exactly (empty otherwise).
    private let exact: [[UInt8]]

    /// Built once per process, on first use: every detector shares the same immutable automaton.
    private static let compiled: (automaton: AhoCorasick, triggers: [SecretTrigger], exact: [[UInt8]]) = {
        let table = SecretTrigger.table
        return (AhoCorasick(literals, normalizing: false), table.map(\.trigger),
                table.map { $0.exactCase ? Array($0.literal.utf8) : [] })
    }()

    init() {
        (automaton, triggers, exact) = Self.compiled
    }

    /// The literals the detector's automaton looks for, in the order of its pattern indices.
    static var literals: [String] { SecretTrigger.table.map(\.literal) }

    /// Appends a finding (category `.secret`) for each credential in `text`, in text order.
    /// - Parameter matches: the occurrences of `literals` in `text.bytes`, when a pass shared
    ///   with another detector found them (`SharedAnchorPass`); otherwise the detector's own
    ///   automaton runs.
    func detect(in text: NormalizedText, matches: [AhoCorasick.Match]? = nil, into findings: inout [Finding]) {
        let hits: [SecretHit] = text.bytes.withUnsafeBufferPointer { bytes in
            var scan = SecretScan(bytes)
            func visit(_ m: AhoCorasick.Match) {
                let literal = exact[m.pattern]
                if !literal.isEmpty {
                    for k in 0..<literal.count where bytes[m.start + k] != literal[k] { return }
                }
                scan.dispatch(triggers[m.pattern], m.start..<m.end)
            }
            if let matches { for m in matches { visit(m) } } else { automaton.forEachMatch(in: bytes, visit) }
            scan.finishServiceAccounts()
            scan.finishURLs()
            scan.entropyPass()
            return scan.resolved()
        }
        for h in hits {
            findings.append(text.finding(.secret, h.kind.rawValue, h.range, severity: h.severity, score: h.score))
        }
    }
}

extension SecretScan {
    /// Runs the validator of `trigger` on the literal found at `m`.
    mutating func dispatch(_ trigger: SecretTrigger, _ m: Range<Int>) {
        switch trigger {
        case .prefixed(let rule): prefixed(rule, m)
        case .gitHubClassic(let kind): gitHubClassic(kind, m)
        case .gitHubFineGrained: gitHubFineGrained(m)
        case .skDash: skDash(m)
        case .twilio: twilio(m)
        case .sendGrid: sendGrid(m)
        case .postman: postman(m)
        case .grafanaServiceAccount: grafanaServiceAccount(m)
        case .telegram: telegram(m)
        case .slackWebhook: slackWebhook(m)
        case .awsKeyID: awsKeyID(m)
        case .awsSecretContext: awsSecretContext(m)
        case .pemBegin: pemBegin(m)
        case .gcpType: gcpType(m)
        case .gcpPrivateKey: gcpPrivateKey(m)
        case .azureAccountKey: azureAccountKey(m)
        case .azureConnectionString: azureConnectionString(m)
        case .jwt: jwt(m)
        case .urlScheme: urlScheme(m)
        case .assignment(let key): assignment(key, m)
        case .bearer: bearer(m)
        case .basic: basic(m)
        }
    }
}
