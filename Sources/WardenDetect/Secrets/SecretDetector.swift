/// Credentials in text (placeholder: the secrets detectors are being written).
struct SecretDetector: Sendable {
    init() {}

    /// Appends a finding (category `.secret`) for each credential in `text`.
    func detect(in text: NormalizedText, into findings: inout [Finding]) {}
}
