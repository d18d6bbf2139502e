import GRPCCore
import WardenCrypto
import WardenPolicy
import WardenProto
import WardenStore

/// Turns wire events into audit records.
///
/// Free-form JSON (tool arguments and results, custom data) and full command lines are **not**
/// stored: they can carry secrets, and the redaction detectors do not exist yet. What is kept is
/// what an investigation needs first: which tool, which model and how many tokens, which path,
/// which host, which program, outcome codes and sizes.
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
            fields["argument_names"] = .array(try argumentNames(t.argumentsJson, field: "tool_call.arguments_json"))
        case .toolResult(let t):
            kind = "tool_result"
            fields["tool"] = .string(t.tool)
            fields["is_error"] = .bool(t.isError)
            fields["duration_ms"] = .int(t.durationMs)
        case .llmCall(let l):
            kind = "llm_call"
            guard l.inputTokens >= 0, l.outputTokens >= 0, l.costUsd >= 0, l.costUsd.isFinite else {
                throw GatewayError(.invalidArgument, "llm_call tokens and cost must be >= 0")
            }
            fields["model"] = .string(l.model)
            fields["provider"] = .string(l.provider)
            fields["input_tokens"] = .int(l.inputTokens)
            fields["output_tokens"] = .int(l.outputTokens)
            fields["cost_usd"] = .double(l.costUsd)
            fields["latency_ms"] = .int(l.latencyMs)
        case .file(let f):
            kind = "file"
            fields["operation"] = .string(f.operation)
            fields["path"] = .string(f.path)
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
            fields["program"] = .string(String(p.command.split(separator: " ", maxSplits: 1).first ?? ""))
            fields["exit_code"] = .int(Int64(p.exitCode))
            fields["duration_ms"] = .int(p.durationMs)
        case .custom(let c):
            kind = "custom"
            guard !c.name.isEmpty else { throw GatewayError(.invalidArgument, "custom.name is required") }
            fields["name"] = .string(c.name)
        }
        let timestamp = event.timestampMs > 0 ? event.timestampMs : now * 1000
        return AuditRecord(
            timestamp: timestamp, kind: "event." + kind, agentID: agent.id,
            decisionID: event.decisionID.isEmpty ? nil : event.decisionID, payload: PolicyValue.object(fields).jsonText)
    }

    static func argumentNames(_ json: String, field: String) throws(GatewayError) -> [PolicyValue] {
        let object = try GatewayCore.object(json, field: field)
        return object.keys.sorted().map(PolicyValue.string)
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
