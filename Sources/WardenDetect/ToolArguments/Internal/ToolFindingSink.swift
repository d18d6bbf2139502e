extension ToolArgumentScanner {
    /// The kinds of finding the tool-argument checks report.
    enum FindingKind: String {
        case shellInjection = "shell_injection"
        case pathTraversal = "path_traversal"
        case sensitivePath = "sensitive_path"
        case ssrf
        case destructiveSQL = "destructive_sql"
    }

    /// Where the checks that work on decoded bytes put what they find.
    protocol FindingReceiver {
        /// Adds a finding over the normalised bytes that decoded bytes `range` came from.
        mutating func add(_ kind: FindingKind, decoded: [DecodedByte], _ range: Range<Int>, _ severity: Severity, _ score: Double)
    }

    /// Collects the findings on one argument value, mapping spans from normalised bytes back
    /// to the original text and stamping the argument's name on each.
    struct FindingSink: FindingReceiver {
        let text: NormalizedText
        let field: String?
        private(set) var findings: [Finding] = []

        init(text: NormalizedText, field: String?) {
            self.text = text
            self.field = field
        }

        /// Adds a finding over normalised bytes `range` (clamped to the text; empty ranges
        /// are ignored).
        mutating func add(_ kind: FindingKind, _ range: Range<Int>, _ severity: Severity, _ score: Double) {
            let upper = min(range.upperBound, text.bytes.count)
            let lower = max(0, min(range.lowerBound, upper))
            guard lower < upper else { return }
            var finding = text.finding(.tool, kind.rawValue, lower..<upper, severity: severity, score: score)
            finding.field = field
            findings.append(finding)
        }

        /// Adds a finding over the normalised bytes that decoded bytes `range` came from.
        mutating func add(_ kind: FindingKind, decoded: [DecodedByte], _ range: Range<Int>, _ severity: Severity, _ score: Double) {
            guard !range.isEmpty, range.upperBound <= decoded.count else { return }
            add(kind, Int(decoded[range.lowerBound].start)..<Int(decoded[range.upperBound - 1].end), severity, score)
        }

        /// The findings by position (start, then longer first, then kind), keeping of
        /// identical spans of one kind the most severe.
        func orderedFindings() -> [Finding] {
            let sorted = findings.sorted { a, b in
                if a.start != b.start { return a.start < b.start }
                if a.end != b.end { return a.end > b.end }
                if a.kind != b.kind { return a.kind < b.kind }
                if a.severity != b.severity { return a.severity > b.severity }
                return a.score > b.score
            }
            var kept: [Finding] = []
            kept.reserveCapacity(sorted.count)
            for f in sorted {
                if let last = kept.last, last.kind == f.kind, last.start == f.start, last.end == f.end { continue }
                kept.append(f)
            }
            return kept
        }
    }

    /// Collects results over normalised bytes without mapping them to a text (for checks
    /// whose results are combined before they are reported).
    struct FindingCollector: FindingReceiver {
        private(set) var results: [URLCheck.Result] = []

        mutating func add(_ kind: FindingKind, decoded: [DecodedByte], _ range: Range<Int>, _ severity: Severity, _ score: Double) {
            guard !range.isEmpty, range.upperBound <= decoded.count else { return }
            let origin = Int(decoded[range.lowerBound].start)..<Int(decoded[range.upperBound - 1].end)
            results.append(URLCheck.Result(kind: kind, range: origin, severity: severity, score: score))
        }
    }
}
