/// An injection score for a whole text and the findings behind it.
struct InjectionAssessment: Sendable {
    /// `0...1`.
    var score: Double
    /// Findings of category `.injection`, each with its own score and severity.
    var findings: [Finding]

    static let none = InjectionAssessment(score: 0, findings: [])

    /// `nil` under 0.5, medium under 0.75, high under 0.9, then critical.
    static func severity(forScore score: Double) -> Severity? {
        switch score {
        case ..<0.5: nil
        case ..<0.75: .medium
        case ..<0.9: .high
        default: .critical
        }
    }
}
