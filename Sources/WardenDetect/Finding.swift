/// What a detector found in a text: its category and kind, where it is, and how bad it is.
///
/// Spans are **UTF-8 byte offsets into the original text** (half-open, `start..<end`), even
/// when the detector matched through normalisation (zero-width characters, fullwidth forms,
/// homoglyphs): a finding on `"ｐａｓｓｗｏｒｄ"` covers the fullwidth bytes as written. A finding never
/// carries the matched text itself, so it can be logged and stored without leaking the secret.
public struct Finding: Sendable, Hashable {
    /// The family of detector that produced the finding.
    public var category: DetectionCategory
    /// The specific kind within the category, in `snake_case`: `email`, `aws_access_key_id`,
    /// `instruction_override`, `path_traversal`...
    public var kind: String
    /// UTF-8 byte offset of the first byte of the match in the original text.
    public var start: Int
    /// UTF-8 byte offset just past the match in the original text.
    public var end: Int
    /// How serious the finding is.
    public var severity: Severity
    /// Confidence in `0...1`: 1 for a checksum-verified or fixed-format match, lower for
    /// heuristics (entropy, context keywords, injection phrasing).
    public var score: Double
    /// For findings in structured input (tool arguments), the argument the span refers to, as a
    /// dotted path (`command`, `options.url`); `nil` for plain text.
    public var field: String?

    /// Creates a finding; see the properties for the meaning of each argument.
    public init(category: DetectionCategory, kind: String, start: Int, end: Int, severity: Severity, score: Double, field: String? = nil) {
        self.category = category
        self.kind = kind
        self.start = start
        self.end = end
        self.severity = severity
        self.score = score
        self.field = field
    }

    /// The byte range `start..<end`.
    public var range: Range<Int> { start..<end }
}

/// The families of detectors.
public enum DetectionCategory: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Personal data: e-mail addresses, phone numbers, national ids, payment cards...
    case pii
    /// Credentials: API keys, tokens, private keys, passwords in assignments and URLs.
    case secret
    /// Prompt injection and jailbreak attempts.
    case injection
    /// Dangerous tool arguments: shell injection, path traversal, SSRF, destructive SQL.
    case tool

    public static func < (a: Self, b: Self) -> Bool { a.order < b.order }
    private var order: Int {
        switch self {
        case .pii: 0
        case .secret: 1
        case .injection: 2
        case .tool: 3
        }
    }
}

/// How serious a finding is, from `low` to `critical`.
public enum Severity: String, Sendable, Hashable, CaseIterable, Comparable {
    case low, medium, high, critical

    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
    /// 0 for `low` up to 3 for `critical`.
    public var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        case .critical: 3
        }
    }
}
