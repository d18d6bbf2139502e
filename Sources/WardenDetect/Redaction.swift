/// How `ContentScanner.redact` rewrites a finding.
public enum RedactionMode: String, Sendable, Hashable, CaseIterable {
    /// Replace the span with a label naming its kind: `[EMAIL_REDACTED]`, `[AWS_ACCESS_KEY_ID_REDACTED]`.
    case redact
    /// Replace every character with `*`, keeping spaces and dashes, and the last four digits of
    /// payment cards and IBANs (`**** **** **** 1111`).
    case mask
    /// Delete the span.
    case remove
}

/// Applies findings to a text (spans are UTF-8 byte offsets into it).
enum Redaction {
    static func label(for kind: String) -> String { "[\(kind.uppercased())_REDACTED]" }

    static func apply(_ findings: [Finding], to text: String, mode: RedactionMode) -> String {
        if findings.isEmpty { return text }
        let bytes = Array(text.utf8)
        // Merge overlapping spans; the first (outermost, as sorted by the scanner) names the merge.
        var spans: [(range: Range<Int>, kind: String)] = []
        for f in findings.sorted(by: { $0.start < $1.start || ($0.start == $1.start && $0.end > $1.end) }) {
            let r = max(0, f.start)..<min(bytes.count, max(f.start, f.end))
            if r.isEmpty { continue }
            if let last = spans.last, r.lowerBound < last.range.upperBound {
                spans[spans.count - 1].range = last.range.lowerBound..<max(last.range.upperBound, r.upperBound)
            } else {
                spans.append((r, f.kind))
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var at = 0
        for span in spans {
            out.append(contentsOf: bytes[at..<span.range.lowerBound])
            switch mode {
            case .redact: out.append(contentsOf: label(for: span.kind).utf8)
            case .remove: break
            case .mask: out.append(contentsOf: mask(bytes[span.range], kind: span.kind))
            }
            at = span.range.upperBound
        }
        out.append(contentsOf: bytes[at...])
        return String(decoding: out, as: UTF8.self)
    }

    private static func mask(_ span: ArraySlice<UInt8>, kind: String) -> [UInt8] {
        let keepLast = (kind == "credit_card" || kind == "iban") ? 4 : 0
        let scalars = Array(String(decoding: span, as: UTF8.self).unicodeScalars)
        var keepFrom = scalars.count
        var alnumSeen = 0
        while keepFrom > 0 && alnumSeen < keepLast {
            keepFrom -= 1
            if scalars[keepFrom].properties.isAlphabetic || ("0"..."9").contains(scalars[keepFrom]) { alnumSeen += 1 }
        }
        var out = ""
        for (i, s) in scalars.enumerated() {
            if i >= keepFrom || s == " " || s == "-" { out.unicodeScalars.append(s) } else { out += "*" }
        }
        return Array(out.utf8)
    }
}
