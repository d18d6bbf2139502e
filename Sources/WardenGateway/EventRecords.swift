import GRPCCore
import WardenCrypto
import WardenPolicy
import WardenProto
import WardenStore

/// Turns wire events into audit records.
///
/// Free-form text (tool arguments and results, command lines, custom data, paths) is stored
/// **redacted**: every personal-data and secret finding of the content detectors is replaced by
/// its label (`AuditRedactor`). Tool results and custom data over `freeFormLimit` bytes are
/// reduced to their size. URLs keep scheme, host and path only: query strings and userinfo carry
/// session tokens in formats no detector can know.
public enum EventRecords {
    public static func record(_ event: Warden_V1_Event, agent: AgentRecord, now: Int64) throws(GatewayError) -> AuditRecord {
        guard let details = event.details else {
            throw GatewayError(.invalidArgument, "event.details is required (tool_call, tool_result, llm_call, file, network, process or custom)")
        }
        let kind: String
        var fields: [String: PolicyValue] = [:]
        switch details {
        case .toolCall(let t):
            kind = "tool_call"
            fields["tool"] = .string(t.tool)
            let arguments = try GatewayCore.object(t.argumentsJson, field: "tool_call.arguments_json")
            fields["argument_names"] = .array(arguments.keys.sorted().map { .string(redactor.redact($0)) })
            fields["arguments"] = redactor.redact(.object(arguments))
        case .toolResult(let t):
            kind = "tool_result"
            fields["tool"] = .string(t.tool)
            fields["is_error"] = .bool(t.isError)
            fields["duration_ms"] = .int(t.durationMs)
            freeForm(t.resultJson, field: "tool_result.result_json", as: "result", into: &fields)
        case .llmCall(let l):
            kind = "llm_call"
            try checkLLMCall(l)
            fields["model"] = .string(l.model)
            fields["provider"] = .string(l.provider)
            fields["input_tokens"] = .int(l.inputTokens)
            fields["output_tokens"] = .int(l.outputTokens)
            fields["cost_usd"] = .double(l.costUsd)
            fields["latency_ms"] = .int(l.latencyMs)
        case .file(let f):
            kind = "file"
            fields["operation"] = .string(f.operation)
            fields["path"] = .string(redactor.redact(f.path))
            fields["bytes"] = .int(f.bytes)
        case .network(let n):
            kind = "network"
            fields["method"] = .string(n.method)
            // Query strings and userinfo often carry tokens: keep scheme, host and path only.
            fields["url"] = .string(strippedURL(n.url))
            fields["status"] = .int(Int64(n.status))
            fields["bytes_sent"] = .int(n.bytesSent)
            fields["bytes_received"] = .int(n.bytesReceived)
        case .process(let p):
            kind = "process"
            fields["program"] = .string(redactor.redact(String(p.command.split(separator: " ", maxSplits: 1).first ?? "")))
            fields["command"] = .string(redactor.redact(p.command))
            fields["exit_code"] = .int(Int64(p.exitCode))
            fields["duration_ms"] = .int(p.durationMs)
        case .custom(let c):
            kind = "custom"
            guard !c.name.isEmpty else { throw GatewayError(.invalidArgument, "custom.name is required") }
            fields["name"] = .string(c.name)
            freeForm(c.dataJson, field: "custom.data_json", as: "data", into: &fields)
        }
        let timestamp = event.timestampMs > 0 ? event.timestampMs : now * 1000
        return AuditRecord(
            timestamp: timestamp, kind: "event." + kind, agentID: agent.id,
            decisionID: event.decisionID.isEmpty ? nil : event.decisionID, payload: PolicyValue.object(fields).jsonText)
    }

    /// Tokens and cost of an `llm_call` must be finite and not negative (for the audit record
    /// and for the budgets it counts against).
    static func checkLLMCall(_ l: Warden_V1_LlmCall) throws(GatewayError) {
        guard l.inputTokens >= 0, l.outputTokens >= 0, l.costUsd >= 0, l.costUsd.isFinite else {
            throw GatewayError(.invalidArgument, "llm_call tokens and cost must be >= 0")
        }
    }

    static var redactor: AuditRedactor { GatewayCore.redactor }

    /// Tool results and custom data larger than this are stored as their size only.
    public static let freeFormLimit = 64 * 1024

    /// Stores free-form JSON text redacted under `key` (as JSON when it parses, else as a
    /// string), or only its size under `<key>_bytes` when it is over `freeFormLimit`.
    static func freeForm(_ text: String, field: String, as key: String, into fields: inout [String: PolicyValue]) {
        if text.isEmpty { return }
        let size = text.utf8.count
        guard size <= freeFormLimit else {
            fields[key + "_bytes"] = .int(Int64(size))
            return
        }
        if let value = try? PolicyValue(json: text) {
            fields[key] = redactor.redact(value)
        } else {
            fields[key] = .string(redactor.redact(text))
        }
    }

    static func strippedURL(_ url: String) -> String {
        var rest = Substring(url)
        var scheme = ""
        if let r = rest.range(of: "://") {
            scheme = String(rest[..<r.upperBound])
            rest = rest[r.upperBound...]
        }
        if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<cut] }
        if let slash = rest.firstIndex(of: "/"), let at = rest[..<slash].lastIndex(of: "@") {
            rest = rest[rest.index(after: at)...]
        } else if !rest.contains("/"), let at = rest.lastIndex(of: "@") {
            rest = rest[rest.index(after: at)...]
        }
        return scheme + rest
    }

    public static func hex(_ bytes: [UInt8]) -> String {
        Hex.encode(bytes)
    }
}
