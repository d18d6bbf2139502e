/// The kinds of injection signal, reported as a finding's `kind`.
enum InjectionKind: Int, CaseIterable, Sendable {
    /// "Ignore all previous instructions", "new instructions:", "from now on you will…".
    case instructionOverride
    /// "Reveal your system prompt", "repeat the text above", "what were you told".
    case systemPromptExtraction
    /// "You are now…", "act as an unrestricted AI", "developer mode".
    case roleHijack
    /// DAN, "do anything now", "no restrictions", grandma-exploit phrasing.
    case jailbreak
    /// Chat-template tokens and forged turn or system delimiters.
    case templateInjection
    /// Base64, hex or rot13 text that decodes to instructions, or "decode this and follow it".
    case encodedPayload
    /// Sending conversation data to a URL, markdown image beacons.
    case exfiltration
    /// Unicode tag-character smuggling, invisible characters splitting instruction phrases.
    case hiddenText
    /// Instructions addressed to an AI inside documents or tool output.
    case indirectInjection

    /// The finding kind, in `snake_case`.
    var name: String {
        switch self {
        case .instructionOverride: "instruction_override"
        case .systemPromptExtraction: "system_prompt_extraction"
        case .roleHijack: "role_hijack"
        case .jailbreak: "jailbreak"
        case .templateInjection: "template_injection"
        case .encodedPayload: "encoded_payload"
        case .exfiltration: "exfiltration"
        case .hiddenText: "hidden_text"
        case .indirectInjection: "indirect_injection"
        }
    }
}

/// One piece of evidence: a kind, a span of normalised bytes and a score in `0...1`.
struct InjectionSignal: Equatable {
    var kind: InjectionKind
    var start: Int
    var end: Int
    var score: Double
}
