/// Personal data in text (placeholder: the PII detectors are being written).
struct PIIDetector: Sendable {
    init() {}

    /// Appends a finding (category `.pii`) for each piece of personal data in `text`.
    func detect(in text: NormalizedText, into findings: inout [Finding]) {}
}
