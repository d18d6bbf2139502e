import ArgumentParser
import Foundation
import WardenPolicy
import WardenStore

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Decide an action against a policy set (allow, deny or require_approval).",
        discussion: """
            Describe one action with --action and friends, or many with --batch.

            --param and --context take KEY=VALUE. VALUE is read as JSON when it is valid JSON \
            (5000, 12.5, true, null, "text", [1,2], {"a":1}) and as a plain string otherwise; \
            dotted keys nest (--param recipient.country=DE). --params-json gives the whole params \
            object at once (--param entries are merged over it).

            --batch FILE (or - for stdin) reads one action JSON object per line \
            ({"type", "target", "params", "context", "agent": {"id", "team", "org"}}) and writes \
            one decision JSON per line in the same order; a line that cannot be read yields \
            {"error": "...", "line": N}. Blank lines are skipped.

            Exit status: 0 allow, 2 deny, 3 require_approval, 1 error. With --batch: 0 when \
            every line was decided, 1 when any line was unreadable.

            Examples:
              warden check --policy policies --action bash.execute --param command='rm -rf /'
              warden check --policy policies --action payment.charge --param amount=5000 --json
              warden check --policy policies --batch actions.jsonl
            """)

    @Option(name: .long, help: ArgumentHelp("Policy directory or file (repeatable).", valueName: "path"))
    var policy: [String] = []

    @Option(name: .long, help: ArgumentHelp("Action type, e.g. bash.execute, file.write, web.fetch.", valueName: "type"))
    var action: String?

    @Option(name: .long, help: ArgumentHelp("Action target (a path, URL, tool name...).", valueName: "target"))
    var target: String?

    @Option(name: .long, help: ArgumentHelp("A parameter, KEY=VALUE (repeatable).", valueName: "key=value"))
    var param: [String] = []

    @Option(name: .customLong("params-json"), help: ArgumentHelp("All parameters as one JSON object.", valueName: "json"))
    var paramsJSON: String?

    @Option(name: .long, help: ArgumentHelp("A context value, KEY=VALUE (repeatable).", valueName: "key=value"))
    var context: [String] = []

    @Option(name: .long, help: ArgumentHelp("Agent id (selects agent:<id> policies).", valueName: "id"))
    var agent: String?

    @Option(name: .long, help: ArgumentHelp("Team (selects team:<id> policies).", valueName: "team"))
    var team: String?

    @Option(name: .long, help: ArgumentHelp("Organisation (selects org:<id> policies).", valueName: "org"))
    var org: String?

    @Option(name: .long, help: ArgumentHelp("Evaluate at this time (Unix seconds) instead of now; affects schedule rules.", valueName: "seconds"))
    var at: Int64?

    @Option(name: .long, help: ArgumentHelp("Read actions as JSON lines from FILE, or - for stdin.", valueName: "file"))
    var batch: String?

    @Flag(help: "Print the decision as one JSON object.")
    var json = false

    @Option(name: .long, help: ArgumentHelp(
        "Also record each decision in the audit log in this data directory (created if missing). Params and context are not stored.",
        valueName: "dir"))
    var audit: String?

    func validate() throws {
        if policy.isEmpty { throw ValidationError("--policy is required (a policy directory or file)") }
        if batch != nil {
            if action != nil || target != nil || !param.isEmpty || paramsJSON != nil || !context.isEmpty || agent != nil || team != nil || org != nil {
                throw ValidationError("--batch reads complete actions; do not combine it with --action, --target, --param, --params-json, --context, --agent, --team or --org")
            }
        } else if action == nil {
            throw ValidationError("--action is required (or use --batch)")
        } else if action!.isEmpty {
            throw ValidationError("--action must not be empty")
        } else if action!.hasPrefix("{") {
            throw ValidationError("--action takes an action type such as bash.execute, not JSON; to check a whole action object, give it as one line to --batch (echo '{\"type\":...}' | warden check --policy DIR --batch -)")
        }
    }

    func run() throws {
        try reportingErrors {
            let engine = try PolicyFiles.engine(at: policy)
            if let batch {
                try runBatch(engine, batch)
                return
            }
            let act = try buildAction()
            let decision = engine.evaluate(act, at: at)
            if let audit { try AuditRecorder(directory: audit).record([(act, decision)]) }
            Console.out(json ? decision.jsonText : CheckCommand.render(decision, act))
            switch decision.outcome {
            case .allow: return
            case .deny: throw ExitCode(2)
            case .requireApproval: throw ExitCode(3)
            }
        }
    }

    private func buildAction() throws -> Action {
        var params: [String: PolicyValue] = [:]
        if let paramsJSON {
            let value: PolicyValue
            do { value = try Action(json: "{\"type\":\"x\",\"params\":\(paramsJSON)}").value } catch {
                throw CLIError("--params-json: \(error.message.replacingOccurrences(of: "action field \"params\"", with: "the value"))")
            }
            params = value["params"].flatMap { if case .object(let o) = $0 { return o } else { return nil } } ?? [:]
        }
        for p in param { try CheckCommand.assign(p, into: &params, option: "--param") }
        var ctx: [String: PolicyValue] = [:]
        for c in context { try CheckCommand.assign(c, into: &ctx, option: "--context") }
        return Action(type: action!, target: target, params: params, context: ctx,
                      agent: AgentIdentity(id: agent, team: team, org: org))
    }

    /// Sets `KEY=VALUE` into `map`, nesting dotted keys.
    static func assign(_ pair: String, into map: inout [String: PolicyValue], option: String) throws {
        guard let eq = pair.firstIndex(of: "=") else {
            throw CLIError("\(option) '\(pair)': expected KEY=VALUE")
        }
        let key = String(pair[..<eq])
        let raw = String(pair[pair.index(after: eq)...])
        let parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !key.isEmpty, !parts.contains(where: \.isEmpty) else {
            throw CLIError("\(option) '\(pair)': invalid key '\(key)'")
        }
        let value = (try? Action(json: "{\"type\":\"x\",\"params\":{\"v\":\(raw)}}"))?.params["v"] ?? .string(raw)
        func set(_ m: inout [String: PolicyValue], _ path: ArraySlice<String>) throws {
            let head = path.first!
            if path.count == 1 {
                m[head] = value
                return
            }
            var child: [String: PolicyValue] = [:]
            if let existing = m[head] {
                guard case .object(let o) = existing else {
                    throw CLIError("\(option) '\(pair)': '\(head)' is already set to a non-object value")
                }
                child = o
            }
            try set(&child, path.dropFirst())
            m[head] = .object(child)
        }
        try set(&map, parts[...])
    }

    private func runBatch(_ engine: PolicyEngine, _ path: String) throws {
        let handle: FileHandle
        if path == "-" {
            handle = FileHandle.standardInput
        } else {
            guard let h = FileHandle(forReadingAtPath: path) else { throw CLIError("cannot read batch file '\(path)'") }
            handle = h
        }
        let data = handle.readDataToEndOfFile()
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIError("batch input '\(path)' is not valid UTF-8")
        }
        var failed = 0
        var out = ""
        var lineNumber = 0
        let recorder = try audit.map { try AuditRecorder(directory: $0) }
        var decided: [(Action, Decision)] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            do {
                let act = try Action(json: String(line))
                let decision = engine.evaluate(act, at: at)
                out += decision.jsonText
                if recorder != nil { decided.append((act, decision)) }
            } catch {
                failed += 1
                out += "{\"error\":\(quoted(error.message)),\"line\":\(lineNumber)}"
            }
            out += "\n"
            if out.utf8.count > 1 << 16 {
                FileHandle.standardOutput.write(Data(out.utf8))
                out = ""
            }
        }
        // One transaction for the whole batch: group commit.
        try recorder?.record(decided)
        FileHandle.standardOutput.write(Data(out.utf8))
        if failed > 0 {
            Console.error("\(failed) batch line\(failed == 1 ? "" : "s") could not be read")
            throw ExitCode(1)
        }
    }

    static func render(_ d: Decision, _ action: Action) -> String {
        let label: String
        switch d.outcome {
        case .allow: label = "ALLOW"
        case .deny: label = "DENY"
        case .requireApproval: label = "REQUIRE_APPROVAL"
        }
        var lines = ["\(label)  \(action.type)\(action.target.map { " \($0)" } ?? "")"]
        lines.append("  reason: \(d.reason)")
        lines.append("  rules:  \(d.rules.joined(separator: ", "))")
        if let p = d.policy { lines.append("  policy: \(p.name)\(p.version.isEmpty ? "" : " v\(p.version)")") }
        lines.append("  risk:   \(d.risk.rawValue)")
        if let t = d.approvalTimeoutSeconds { lines.append("  approval timeout: \(t)s") }
        for c in d.pendingChecks {
            lines.append("  pending (gateway): \(c.kind) \(c.rule) \(c.settings.jsonText)")
        }
        for n in d.notes { lines.append("  note:   \(n)") }
        for f in d.findings {
            lines.append("  found:  \(f.category) \(f.kind) in \(f.path) bytes \(f.start)..<\(f.end) (\(f.severity.rawValue), \(f.action))")
        }
        return lines.joined(separator: "\n")
    }
}
