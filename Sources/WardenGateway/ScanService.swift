import WardenDetect
import WardenPolicy
import WardenProto

/// `Gateway.Scan`: the content detectors and the tool-argument checks for agents that want an
/// answer before they send text on (the same results as `warden scan` and libwarden's `wd_scan`).
public enum ScanService {
    /// Texts up to this size are scanned on the connection's event loop; larger ones elsewhere.
    public static let inlineLimit = 16 * 1024

    private static let tools = ToolArgumentScanner()

    /// Scans the request's text or tool arguments.
    /// - Throws: `GatewayError` (invalid argument) naming the field that is wrong.
    public static func scan(_ m: Warden_V1_ScanRequest) throws(GatewayError) -> Warden_V1_ScanResponse {
        let hasText = !m.text.isEmpty
        let hasArguments = !m.argumentsJson.isEmpty
        guard hasText != hasArguments else {
            throw GatewayError(.invalidArgument, hasText ? "set text or arguments_json, not both" : "text or arguments_json is required")
        }
        var reply = Warden_V1_ScanResponse()
        if hasArguments {
            guard m.categories.isEmpty, m.redact.isEmpty, m.injectionThreshold == 0 else {
                throw GatewayError(.invalidArgument, "categories, redact and injection_threshold apply to text, not to arguments_json")
            }
            let object = try GatewayCore.object(m.argumentsJson, field: "arguments_json")
            let findings = tools.scan(arguments: PolicyValue.object(object).namedStrings)
            reply.findings = findings.map(proto)
            reply.resultJson = ToolArgumentScanner.json(findings)
            return reply
        }
        guard m.text.utf8.count <= 4 << 20 else { throw GatewayError(.invalidArgument, "text is larger than 4 MiB") }
        var categories: Set<DetectionCategory> = []
        for name in m.categories {
            guard let c = DetectionCategory(rawValue: name), c != .tool else {
                throw GatewayError(.invalidArgument, "categories: unknown category '\(name)' (expected pii, secret or injection)")
            }
            categories.insert(c)
        }
        var mode: RedactionMode?
        if !m.redact.isEmpty {
            guard let r = RedactionMode(rawValue: m.redact) else {
                throw GatewayError(.invalidArgument, "redact: unknown mode '\(m.redact)' (expected redact, mask or remove)")
            }
            mode = r
        }
        let threshold = m.injectionThreshold == 0 ? 0.5 : m.injectionThreshold
        guard threshold > 0 && threshold <= 1 else {
            throw GatewayError(.invalidArgument, "injection_threshold must be > 0 and <= 1, got \(m.injectionThreshold)")
        }
        let configuration = ContentScanner.Configuration(
            categories: categories.isEmpty ? [.pii, .secret, .injection] : categories, injectionThreshold: threshold)
        let scanner = ContentScanner(configuration: configuration)  // cheap: the automata are shared
        let result: ScanResult
        var redacted: String?
        if let mode {
            (redacted, result) = scanner.redact(m.text, mode: mode)
        } else {
            result = scanner.scan(m.text)
        }
        reply.findings = result.findings.map(proto)
        reply.injectionScore = result.injectionScore
        reply.injectionSeverity = result.injectionSeverity?.rawValue ?? ""
        reply.redacted = redacted ?? ""
        reply.resultJson = result.json(redacted: redacted)
        return reply
    }

    static func proto(_ f: Finding) -> Warden_V1_Finding {
        var p = Warden_V1_Finding()
        p.category = f.category.rawValue
        p.kind = f.kind
        p.start = Int64(f.start)
        p.end = Int64(f.end)
        p.severity = f.severity.rawValue
        p.score = f.score
        p.field = f.field ?? ""
        return p
    }
}
