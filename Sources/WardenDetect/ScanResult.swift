/// What `ContentScanner.scan` found in one text.
public struct ScanResult: Sendable, Hashable {
    /// Every finding in text order (by start, longer first), after overlaps are resolved.
    public var findings: [Finding]
    /// The injection score of the whole text, `0...1` (0 when injection detection is off).
    public var injectionScore: Double

    /// Creates a result.
    public init(findings: [Finding], injectionScore: Double) {
        self.findings = findings
        self.injectionScore = injectionScore
    }

    /// The injection severity that `injectionScore` stands for: `nil` under 0.5, then medium,
    /// high from 0.75, critical from 0.9.
    public var injectionSeverity: Severity? { InjectionAssessment.severity(forScore: injectionScore) }

    /// True when nothing was found.
    public var isClean: Bool { findings.isEmpty }

    /// The findings redaction replaces: personal data and secrets (injection findings are
    /// reported, not rewritten).
    public var redactable: [Finding] { findings.filter { $0.category == .pii || $0.category == .secret } }

    /// The findings of `category`.
    public func findings(in category: DetectionCategory) -> [Finding] { findings.filter { $0.category == category } }

    /// The result as one line of canonical JSON (keys in a fixed order, scores with at most
    /// three decimals), never containing the matched text:
    /// `{"findings":[{"category":"pii","kind":"email","start":3,"end":18,"severity":"medium","score":1}],"injection":{"score":0,"severity":null}}`.
    public var json: String { json(redacted: nil) }

    /// `json` with a `"redacted"` member holding `redacted` as the last key, when given.
    public func json(redacted: String?) -> String {
        var out = "{\"findings\":["
        for (i, f) in findings.enumerated() {
            if i > 0 { out += "," }
            out += f.json
        }
        out += "],\"injection\":{\"score\":\(DetectJSON.score(injectionScore)),\"severity\":"
        out += injectionSeverity.map { "\"\($0.rawValue)\"" } ?? "null"
        out += "}"
        if let redacted { out += ",\"redacted\":" + DetectJSON.quoted(redacted) }
        return out + "}"
    }
}

extension Finding {
    /// The finding as canonical JSON: category, kind, start, end, severity, score, then field
    /// when set.
    public var json: String {
        var out = "{\"category\":\"\(category.rawValue)\",\"kind\":\(DetectJSON.quoted(kind)),\"start\":\(start),\"end\":\(end)"
        out += ",\"severity\":\"\(severity.rawValue)\",\"score\":\(DetectJSON.score(score))"
        if let field { out += ",\"field\":\(DetectJSON.quoted(field))" }
        return out + "}"
    }
}
