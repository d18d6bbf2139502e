/// Scans text for personal data, secrets and prompt injection, and redacts what it finds.
///
/// Scanners are cheap to create: the detectors' automata and word lists are compiled once per
/// process, on first use, and shared by every scanner (that first use takes some tens of
/// milliseconds). `scan` is a pure function of its input, allocation-light and linear in the
/// input's length, safe to call from many threads at once.
///
/// ```swift
/// let scanner = ContentScanner()
/// let result = scanner.scan("mail me at ana@example.com, key AKIA…")
/// let clean = scanner.redact("mail me at ana@example.com").text   // "mail me at [EMAIL_REDACTED]"
/// ```
public struct ContentScanner: Sendable {
    /// Which detectors run and how injection findings are reported.
    public struct Configuration: Sendable, Hashable {
        /// The categories to detect in text (tool arguments are scanned by `ToolArgumentScanner`).
        /// Default: PII, secrets and injection.
        public var categories: Set<DetectionCategory>
        /// The injection score (`0...1`) from which injection findings are reported. Default 0.5.
        public var injectionThreshold: Double

        /// The defaults: every text category on, injection reported from a score of 0.5.
        public init(categories: Set<DetectionCategory> = [.pii, .secret, .injection], injectionThreshold: Double = 0.5) {
            self.categories = categories
            self.injectionThreshold = injectionThreshold
        }
    }

    /// The configuration this scanner was built with.
    public let configuration: Configuration
    private let secrets: SecretDetector
    private let pii: PIIDetector
    private let injection: InjectionDetector
    /// `configuration.categories` read once: a set lookup hashes its element, on every scan.
    private let scansSecrets: Bool
    private let scansPII: Bool
    private let scansInjection: Bool

    /// Builds the detectors for `configuration`.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        secrets = SecretDetector()
        pii = PIIDetector()
        injection = InjectionDetector()
        scansSecrets = configuration.categories.contains(.secret)
        scansPII = configuration.categories.contains(.pii)
        scansInjection = configuration.categories.contains(.injection)
    }

    /// Scans `text` with the configured detectors.
    /// - Returns: the findings in text order (spans are UTF-8 byte offsets into `text`) and the
    ///   injection assessment.
    public func scan(_ text: String) -> ScanResult {
        let normalized = NormalizedText(text)
        var findings: [Finding] = []
        // Long ASCII texts scanned for both: one automaton pass finds both detectors' literals.
        var shared: (injection: [AhoCorasick.Match], secret: [AhoCorasick.Match])?
        if scansSecrets && scansInjection && SharedAnchorPass.applies(to: normalized) {
            shared = SharedAnchorPass.matches(in: normalized.bytes)
        }
        if scansSecrets { secrets.detect(in: normalized, matches: shared?.secret, into: &findings) }
        if scansPII { pii.detect(in: normalized, into: &findings) }
        var assessment = InjectionAssessment.none
        if scansInjection {
            assessment = injection.assess(normalized, matches: shared?.injection)
            if assessment.score >= configuration.injectionThreshold {
                findings.append(contentsOf: assessment.findings)
            }
        }
        return ScanResult(findings: Self.resolveOverlaps(findings), injectionScore: assessment.score)
    }

    /// Scans a value that was given under a name — a JSON member, an argument, a header — so
    /// that detectors which need the name (`"password": "hunter2"`, `api_key: sk-…`) see it.
    ///
    /// The detectors read `name=value`; findings are returned relative to `value` (a finding
    /// that reaches into the name is clipped to the value; one wholly inside the name is dropped).
    public func scan(_ value: String, assignedTo name: String) -> ScanResult {
        if name.isEmpty { return scan(value) }
        let offset = name.utf8.count + 1
        let whole = scan(name + "=" + value)
        let findings = whole.findings.compactMap { f -> Finding? in
            guard f.end > offset else { return nil }
            var g = f
            g.start = max(f.start, offset) - offset
            g.end = f.end - offset
            return g
        }
        return ScanResult(findings: findings, injectionScore: whole.injectionScore)
    }

    /// `redact(_:mode:)` for a value given under a name (see `scan(_:assignedTo:)`); an empty
    /// name is the same as no name.
    public func redact(_ value: String, assignedTo name: String, mode: RedactionMode = .redact) -> (text: String, result: ScanResult) {
        let first = scan(value, assignedTo: name)
        // Nothing to replace: the text is already its own redaction (scanning is a pure
        // function, so a second pass over the same text would find nothing either).
        if first.redactable.isEmpty { return (value, first) }
        var current = Redaction.apply(first.redactable, to: value, mode: mode)
        for _ in 0..<3 {
            let again = scan(current, assignedTo: name).redactable
            if again.isEmpty { break }
            current = Redaction.apply(again, to: current, mode: mode)
        }
        return (current, first)
    }

    /// Scans `text` and replaces what was found according to `mode`, repeating until the
    /// result scans clean (so `redact(redact(x)) == redact(x)`), at most four passes.
    /// - Returns: the redacted text and the findings of the first pass (spans in the original).
    public func redact(_ text: String, mode: RedactionMode = .redact) -> (text: String, result: ScanResult) {
        redact(text, assignedTo: "", mode: mode)
    }

    /// Orders findings by position and drops those wholly inside another finding of the same
    /// category, and PII wholly inside a secret (the e-mail-like part of a database URL).
    static func resolveOverlaps(_ findings: [Finding]) -> [Finding] {
        if findings.count < 2 { return findings }
        let sorted = findings.sorted { a, b in
            if a.start != b.start { return a.start < b.start }
            if a.end != b.end { return a.end > b.end }
            if a.category != b.category { return a.category < b.category }
            return a.kind < b.kind
        }
        // Every kept finding starts at or before `f` (sorted by start), so `f` is covered exactly
        // when a kept finding of a covering category ends at or after it: tracking the furthest
        // end per category keeps this linear (a text with 60,000 card numbers must not be quadratic).
        var kept: [Finding] = []
        kept.reserveCapacity(sorted.count)
        var furthest: [DetectionCategory: Int] = [:]
        for f in sorted {
            var covered = (furthest[f.category] ?? -1) >= f.end
            if f.category == .pii, (furthest[.secret] ?? -1) >= f.end { covered = true }
            if !covered {
                kept.append(f)
                furthest[f.category] = max(furthest[f.category] ?? -1, f.end)
            }
        }
        return kept
    }
}
