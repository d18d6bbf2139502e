import ArgumentParser
import Foundation
import WardenPolicy
import WardenProto

/// `warden hook`: answers agent hooks.
struct HookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook",
        abstract: "Answer an agent's tool-use hook with a Warden decision.",
        subcommands: [ClaudeCodeHook.self])
}

/// Claude Code's `PreToolUse` and `PostToolUse` hooks (see docs/integrations.md).
struct ClaudeCodeHook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claude-code",
        abstract: "Decide a Claude Code tool call (PreToolUse payload on stdin, hookSpecificOutput on stdout).",
        discussion: """
            Reads the hook payload Claude Code sends on stdin. For PreToolUse, maps the tool to a \
            Warden action (Bash → bash.execute, Write → file.write, Edit/MultiEdit → file.edit, \
            Read → file.read, Glob/Grep → file.glob/file.grep, WebFetch → web.fetch, WebSearch → \
            web.search, Task/Agent → agent.spawn, NotebookEdit → notebook.edit, \
            mcp__<server>__<tool> → mcp.<server>.<tool>, Claude Code's own bookkeeping tools → \
            internal.<Tool>, anything else → unknown.<Tool>; params = tool_input; context = \
            session_id, cwd, permission_mode), decides it and prints \
            {"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": \
            "allow" | "deny" | "ask", "permissionDecisionReason": ...}}.

            Decisions come from a policy directory (--policies, else $WARDEN_POLICIES, else \
            .warden/policies) or from a gateway (--gateway or $WARDEN_GATEWAY, with \
            $WARDEN_AGENT_TOKEN or $WARDEN_AGENT_TOKEN_FILE from `warden register`). \
            require_approval becomes "ask" locally; at a gateway the hook waits up to \
            --approval-wait seconds for a human to decide (warden approvals approve) and allows \
            the call once approved. PostToolUse payloads are recorded as tool_call and \
            tool_result events when a gateway is configured.

            Any failure — unreadable payload, missing or invalid policies, unreachable gateway — \
            denies with the reason (exit 0, so Claude Code reads it); it never crashes.
            """)

    @OptionGroup var source: DecisionSourceOptions

    @Option(name: .customLong("approval-wait"), help: ArgumentHelp("At a gateway, how long to wait for a human's approval (seconds, 0-3600).", valueName: "seconds"))
    var approvalWait: Int = 50

    func validate() throws {
        guard (0...3600).contains(approvalWait) else { throw ValidationError("--approval-wait must be 0 to 3600 seconds, got \(approvalWait)") }
    }

    func run() async throws {
        let input = FileHandle.standardInput.readDataToEndOfFile()
        let output = await Self.answer(payload: input, policies: source.policies, gateway: source.gateway, tls: source.tls, approvalWait: approvalWait)
        if let output { Console.out(output) }
    }

    /// Tools that only touch Claude Code's own state (to-do lists, plan mode, questions to the
    /// user...): `internal.<Tool>`, as agsec maps them.
    static let internalTools: Set<String> = [
        "TaskCreate", "TaskUpdate", "TaskGet", "TaskList", "TaskOutput", "TaskStop", "ToolSearch", "LSP", "Skill",
        "EnterPlanMode", "ExitPlanMode", "EnterWorktree", "ExitWorktree", "AskUserQuestion", "CronCreate", "CronDelete",
        "CronList", "RemoteTrigger", "SendMessage", "TodoWrite", "TodoRead", "BashOutput", "KillShell", "KillBash",
    ]

    static let actionTypes: [String: String] = [
        "Bash": "bash.execute", "Write": "file.write", "Edit": "file.edit", "MultiEdit": "file.edit", "Read": "file.read",
        "Glob": "file.glob", "Grep": "file.grep", "WebFetch": "web.fetch", "WebSearch": "web.search", "Task": "agent.spawn",
        "Agent": "agent.spawn", "NotebookEdit": "notebook.edit",
    ]

    /// The Warden action for a tool call: type from the table above, target the file, notebook
    /// or URL it acts on (when there is one), params the tool input, context the session's facts.
    static func action(tool: String, input: [String: PolicyValue], payload: [String: PolicyValue]) -> Action {
        let type: String
        if tool.hasPrefix("mcp__") {
            type = "mcp." + tool.dropFirst(5).components(separatedBy: "__").joined(separator: ".")
        } else if let mapped = actionTypes[tool] {
            type = mapped
        } else if internalTools.contains(tool) {
            type = "internal.\(tool)"
        } else {
            type = "unknown.\(tool)"
        }
        let target = ["file_path", "notebook_path", "url"].lazy.compactMap { input[$0]?.stringValue }.first
        var context: [String: PolicyValue] = [:]
        for key in ["session_id", "cwd", "permission_mode"] { if let v = payload[key] { context[key] = v } }
        context["agent"] = "claude-code"
        return Action(type: type, target: target, params: input, context: context)
    }

    /// What to print for `payload` (nil: nothing to say).
    static func answer(payload data: Data, policies: String?, gateway: String?, tls: Bool, approvalWait: Int,
                       environment: [String: String] = ProcessInfo.processInfo.environment) async -> String? {
        let payload: [String: PolicyValue]
        do {
            guard data.count <= 16 << 20 else { return preToolUse(.failClosed("Warden: the hook payload is larger than 16 MiB; denied (fail closed)")) }
            guard case .object(let o) = try PolicyValue(json: String(decoding: data, as: UTF8.self)) else {
                return preToolUse(.failClosed("Warden: the hook payload is not a JSON object; denied (fail closed)"))
            }
            payload = o
        } catch {
            return preToolUse(.failClosed("Warden: the hook payload is not valid JSON (\(error)); denied (fail closed)"))
        }
        let event = payload["hook_event_name"]?.stringValue ?? "PreToolUse"
        guard let tool = payload["tool_name"]?.stringValue, !tool.isEmpty else {
            return event == "PreToolUse" ? preToolUse(.failClosed("Warden: the hook payload has no tool_name; denied (fail closed)")) : nil
        }
        let input: [String: PolicyValue]
        switch payload["tool_input"] {
        case .object(let o)?: input = o
        case nil, .null?: input = [:]
        default: return event == "PreToolUse" ? preToolUse(.failClosed("Warden: tool_input is not a JSON object; denied (fail closed)")) : nil
        }
        let source: DecisionSource
        do { source = try DecisionSource.resolve(policies: policies, gateway: gateway, tls: tls, environment: environment) } catch {
            return event == "PreToolUse" ? preToolUse(.failClosed("Warden: \(error); denied (fail closed)")) : nil
        }
        let action = action(tool: tool, input: input, payload: payload)
        switch event {
        case "PreToolUse":
            return preToolUse(await decide(action, source: source, approvalWait: approvalWait))
        case "PostToolUse":
            if case .gateway(let agent) = source { await recordPostToolUse(tool: tool, input: input, payload: payload, agent: agent) }
            return nil
        default:
            return nil
        }
    }

    /// The decision, after waiting for a human at a gateway when one is needed.
    static func decide(_ action: Action, source: DecisionSource, approvalWait: Int) async -> IntegrationDecision {
        let first = await source.check(action)
        guard first.outcome == .requireApproval, case .gateway(let agent) = source, let id = first.approvalID else { return first }
        guard approvalWait > 0, let final = await agent.waitForApproval(id, timeout: .seconds(approvalWait)) else {
            return IntegrationDecision(
                outcome: .deny,
                reason: "\(first.reason) — waiting for approval \(id) timed out after \(approvalWait) s; once someone runs `warden approvals approve \(id)`, the same call is allowed once",
                rules: first.rules, decisionID: first.decisionID, approvalID: id)
        }
        switch final.state {
        case .approved:
            return await source.check(action)
        case .rejected:
            return IntegrationDecision(outcome: .deny, reason: "\(first.reason) — rejected by \(final.decidedBy)\(final.note.isEmpty ? "" : ": \(final.note)") (approval \(id))",
                                       rules: first.rules, approvalID: id)
        default:
            return IntegrationDecision(outcome: .deny, reason: "\(first.reason) — approval \(id) expired undecided", rules: first.rules, approvalID: id)
        }
    }

    static func preToolUse(_ d: IntegrationDecision) -> String {
        let permission: String
        switch d.outcome {
        case .allow: permission = "allow"
        case .deny: permission = "deny"
        case .requireApproval: permission = "ask"
        }
        var reason = d.reason.hasPrefix("Warden") ? d.reason : "Warden: \(d.reason)"
        if !d.rules.isEmpty && d.rules != ["warden_error"] { reason += " [\(d.rules.joined(separator: ", "))]" }
        let output = PolicyValue.object([
            "hookEventName": "PreToolUse", "permissionDecision": .string(permission), "permissionDecisionReason": .string(reason),
        ])
        return PolicyValue.object(["hookSpecificOutput": output]).jsonText
    }

    /// PostToolUse at a gateway: the call and its result become events (best effort; a failure
    /// is reported on stderr and never blocks Claude Code).
    static func recordPostToolUse(tool: String, input: [String: PolicyValue], payload: [String: PolicyValue], agent: GatewayAgent) async {
        var call = Warden_V1_Event()
        call.toolCall = .with { $0.tool = tool; $0.argumentsJson = PolicyValue.object(input).jsonText }
        var result = Warden_V1_Event()
        let response = payload["tool_response"] ?? .null
        let failed: Bool
        if case .object(let o) = response, case .bool(true)? = o["is_error"] ?? o["isError"] { failed = true } else { failed = false }
        result.toolResult = .with {
            $0.tool = tool
            $0.isError = failed
            $0.resultJson = response.jsonText
        }
        if let problem = await agent.record([call, result]) {
            Console.error("could not record the PostToolUse events at the gateway: \(problem)")
        }
    }
}
