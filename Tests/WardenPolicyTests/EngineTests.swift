import Testing
@testable import WardenPolicy

@Suite("How a decision is made")
struct EngineTests {
    static let cascade: [(String, String)] = [
        ("global.yaml", """
            default: deny
            approval: {timeout_seconds: 300}
            statements:
              - {sid: AllowReads, effect: allow, actions: ["file.read"]}
              - {sid: ReviewPayments, effect: review, actions: ["payment.*"], conditions: {params.amount: {op: ">", value: 1000}}}
            """),
        ("team.yaml", """
            scope: team:finance
            statements:
              - {sid: FinanceMayPay, effect: allow, actions: ["payment.charge"]}
              - {sid: NoSecretsForFinance, effect: deny, actions: ["file.read"], targets: ["/secrets/**"]}
            """),
        ("agent.yaml", """
            scope: agent:rogue
            default: deny
            statements:
              - {sid: RogueBlocked, effect: deny, actions: ["*"], reason: agent rogue is quarantined}
            """),
        ("tool.yaml", """
            scope: tool:bash
            approval: {timeout_seconds: 60}
            tools:
              bash: {allow: true, limit_per_hour: 10, requires_approval_if: 'params.command.startsWith("sudo")'}
            """),
    ]

    @Test("a more specific scope can allow what the global default denies")
    func teamAllows() throws {
        let engine = try Fixtures.engine(Self.cascade)
        let finance = AgentIdentity(id: "a1", team: "finance", org: "acme")
        #expect(engine.evaluate(Action(type: "payment.charge", params: ["amount": 10], agent: finance)).rules == ["FinanceMayPay"])
        #expect(engine.evaluate(Action(type: "payment.charge", params: ["amount": 10])).outcome == .deny)
    }

    @Test("a deny at any level wins over an allow at another")
    func denyWins() throws {
        let engine = try Fixtures.engine(Self.cascade)
        let finance = AgentIdentity(id: "a1", team: "finance")
        let d = engine.evaluate(Action(type: "file.read", target: "/secrets/db/password", agent: finance))
        #expect(d.outcome == .deny)
        #expect(d.rules == ["NoSecretsForFinance"])
        #expect(d.policy?.name == "team")
        let rogue = engine.evaluate(Action(type: "file.read", target: "/tmp/x", agent: AgentIdentity(id: "rogue", team: "finance")))
        #expect(rogue.outcome == .deny)
        #expect(rogue.reason == "agent rogue is quarantined")
    }

    @Test("review beats allow across scopes and carries the approval timeout")
    func reviewAcrossScopes() throws {
        let engine = try Fixtures.engine(Self.cascade)
        let d = engine.evaluate(Action(type: "payment.charge", params: ["amount": 5000], agent: AgentIdentity(team: "finance")))
        #expect(d.outcome == .requireApproval)
        #expect(d.rules == ["ReviewPayments"])
        #expect(d.approvalTimeoutSeconds == 300)
    }

    @Test("tool-scoped policies apply by tool name and report rate limits for the gateway")
    func toolScope() throws {
        let engine = try Fixtures.engine(Self.cascade)
        let ok = engine.evaluate(Action(type: "bash.execute", params: ["command": "ls"]))
        #expect(ok.outcome == .allow)
        #expect(ok.rules == ["tools.bash.allow"])
        #expect(ok.pendingChecks.map(\.rule) == ["tools.bash.limit_per_hour"])
        #expect(ok.pendingChecks.first?.settings["limit"] == .int(10))
        let sudo = engine.evaluate(Action(type: "bash.execute", params: ["command": "sudo reboot"]))
        #expect(sudo.outcome == .requireApproval)
        #expect(sudo.approvalTimeoutSeconds == 60)
        #expect(sudo.pendingChecks.count == 1)
    }

    @Test("no applicable policy means deny, and the reason says so")
    func noPolicy() throws {
        let engine = try Fixtures.engine([("t.yaml", "scope: team:x\ndefault: allow\n")])
        let d = engine.evaluate(Action(type: "bash.execute", agent: AgentIdentity(id: "a", team: "y", org: "o")))
        #expect(d.outcome == .deny)
        #expect(d.rules == ["no_policy"])
        #expect(d.policy == nil)
        #expect(d.reason.contains("no policy applies to this action"))
        #expect(d.reason.contains("team 'y'"))
    }

    @Test("the strongest default wins; none at all fails closed")
    func defaults() throws {
        let both = try Fixtures.engine([("a.yaml", "default: allow\n"), ("b.yaml", "default: review\n")])
        let d = both.evaluate(Action(type: "x.y"))
        #expect(d.outcome == .requireApproval)
        #expect(d.policy?.name == "b")
        let none = try Fixtures.engine([("a.yaml", "statements: [{sid: A, effect: allow, actions: [z]}]\n")])
        let n = none.evaluate(Action(type: "x.y"))
        #expect(n.outcome == .deny)
        #expect(n.reason.contains("no applicable policy sets a default"))
    }

    @Test("action types match case-insensitively")
    func caseInsensitiveTypes() throws {
        let engine = try Fixtures.engine("default: allow\nstatements: [{sid: NoRm, effect: deny, actions: [bash.execute], conditions: {params.command: {op: regex, value: '\\brm\\s'}}}]\n")
        #expect(engine.evaluate(Action(type: "BASH.Execute", params: ["command": "rm -rf /"])).outcome == .deny)
    }

    @Test("an allow target list never matches a path that climbs out with ..")
    func dotDot() throws {
        let engine = try Fixtures.engine("default: deny\nstatements: [{sid: TmpOnly, effect: allow, actions: [file.write], targets: ['/tmp/**']}]\n")
        #expect(engine.evaluate(Action(type: "file.write", target: "/tmp/a/b")).outcome == .allow)
        #expect(engine.evaluate(Action(type: "file.write", target: "/tmp/../etc/passwd")).outcome == .deny)
        #expect(engine.evaluate(Action(type: "file.write")).outcome == .deny)
    }

    @Test("type mismatches fail closed: deny and review apply, allow does not")
    func mismatches() throws {
        let engine = try Fixtures.engine("""
            default: deny
            statements:
              - {sid: BigNeedsReview, effect: review, actions: [pay], conditions: {params.amount: {op: ">", value: 1000}}}
              - {sid: SmallOk, effect: allow, actions: [refund], conditions: {params.amount: {op: "<", value: 100}}}
            """)
        let pay = engine.evaluate(Action(type: "pay", params: ["amount": "5000"]))
        #expect(pay.outcome == .requireApproval)
        #expect(pay.reason.contains("could not be evaluated: params.amount is string \"5000\", which cannot be compared with number 1000 using '>'"))
        let refund = engine.evaluate(Action(type: "refund", params: ["amount": "50"]))
        #expect(refund.outcome == .deny)
        #expect(refund.notes == ["allow rule 'SmallOk' was not applied: params.amount is string \"50\", which cannot be compared with number 100 using '<'"])
        #expect(refund.reason.contains("allow rule 'SmallOk' was not applied"))
    }

    @Test("integers and floats compare exactly")
    func numbers() throws {
        let engine = try Fixtures.engine("default: deny\nstatements: [{sid: Big, effect: allow, actions: [x], conditions: {params.n: {op: '>', value: 9007199254740992.0}}}]\n")
        #expect(engine.evaluate(Action(type: "x", params: ["n": .int(9_007_199_254_740_993)])).outcome == .allow)
        #expect(engine.evaluate(Action(type: "x", params: ["n": .int(9_007_199_254_740_992)])).outcome == .deny)
        #expect(engine.evaluate(Action(type: "x", params: ["n": .double(9_007_199_254_740_994)])).outcome == .allow)
    }

    @Test("sensitive data is named, never echoed")
    func sensitiveData() throws {
        let engine = try Fixtures.engine("default: allow\ndata: {sensitive_patterns: [{name: aws_key, pattern: 'AKIA[0-9A-Z]{16}'}]}\n")
        let d = engine.evaluate(Action(type: "http.post", params: ["body": ["nested": ["x", "key=AKIAABCDEFGHIJKLMNOP"]]]))
        #expect(d.outcome == .deny)
        #expect(d.reason == "params.body.nested[1] matches sensitive data pattern 'aws_key'")
        #expect(!d.jsonText.contains("AKIAABCDEFGHIJKLMNOP"))
    }

    @Test("network rules see through URL tricks")
    func network() throws {
        let engine = try Fixtures.engine("default: deny\nnetwork: {allowlist: ['*.github.com', 'github.com'], denylist: ['169.254.0.0/16', '127.0.0.0/8']}\n")
        #expect(engine.evaluate(Action(type: "web.fetch", params: ["url": "https://api.github.com/x"])).outcome == .allow)
        #expect(engine.evaluate(Action(type: "web.fetch", params: ["url": "https://github.com@evil.com/"])).reason == "host 'evil.com' is not on network.allowlist")
        #expect(engine.evaluate(Action(type: "web.fetch", params: ["url": "http://2852039166/latest"])).rules == ["network.denylist"])
        #expect(engine.evaluate(Action(type: "web.fetch", params: ["url": "http://0x7f.1/"])).rules == ["network.denylist"])
        #expect(engine.evaluate(Action(type: "web.fetch")).rules == ["network"])
        #expect(engine.evaluate(Action(type: "tool.call", target: "x", params: ["url": "https://evilgithub.com"])).outcome == .deny)
    }

    @Test("capabilities map actions and deny what the allow list lacks")
    func capabilities() throws {
        let engine = try Fixtures.engine("default: deny\ncapabilities: {allow: [file_read, 'mcp_tool:github.*', 'model:claude-*'], deny: [terminal_exec]}\n")
        #expect(engine.evaluate(Action(type: "file.read")).outcome == .allow)
        #expect(engine.evaluate(Action(type: "mcp.github.create_issue")).outcome == .allow)
        #expect(engine.evaluate(Action(type: "mcp.slack.post")).reason == "capability 'mcp_tool:slack.post' is not in capabilities.allow")
        #expect(engine.evaluate(Action(type: "llm.call", params: ["model": "Claude-Opus"])).outcome == .allow)
        #expect(engine.evaluate(Action(type: "bash.execute")).rules == ["capabilities.deny"])
        #expect(engine.evaluate(Action(type: "payment.charge")).rules == ["default"])
    }

    @Test("capability deny lists cannot be dodged by changing the case of an MCP action")
    func mcpCase() throws {
        let engine = try Fixtures.engine("default: allow\ncapabilities: {deny: ['mcp_tool:GitHub.delete_*']}\n")
        #expect(engine.evaluate(Action(type: "mcp.github.delete_repo")).outcome == .deny)
        #expect(engine.evaluate(Action(type: "MCP.GitHub.Delete_Repo")).outcome == .deny)
        #expect(engine.evaluate(Action(type: "mcp.github.list_repos")).outcome == .allow)
    }

    @Test("decisions are byte-stable JSON with a fixed field order")
    func json() throws {
        let engine = try Fixtures.engine([("p.yaml", "version: '2'\ndefault: deny\nstatements: [{sid: A, effect: allow, actions: [x], reason: \"ok \\\"quoted\\\"\"}]\n")])
        #expect(engine.evaluate(Action(type: "x")).jsonText ==
            #"{"decision":"allow","reason":"ok \"quoted\"","rules":["A"],"policy":{"name":"p","version":"2"},"risk":"low","pending_checks":[],"notes":[],"approval_timeout_seconds":null}"#)
    }

    @Test("a default decision's JSON (built from a template around its reason) is the one its fields give")
    func defaultDecisionJSON() throws {
        // Defaults of each kind, with and without an approval timeout; types that need escaping.
        // (sources, outcome, risk, approval timeout) of the default decision.
        let policies: [([(String, String)], Decision.Outcome, Risk, Int?)] = [
            ([("p.yaml", "version: '2'\ndefault: deny\nstatements: [{sid: A, effect: allow, actions: [x]}]\n")], .deny, .medium, nil),
            ([("p.yaml", "default: allow\n")], .allow, .low, nil),
            ([("p.yaml", "default: review\napproval: {timeout_seconds: 90}\n")], .requireApproval, .medium, 90),
            ([("p.yaml", "default: review\n")], .requireApproval, .medium, nil),
            ([("a.yaml", "default: review\n"), ("b.yaml", "scope: team:t\napproval: {timeout_seconds: 30}\nstatements: [{sid: B, effect: allow, actions: [y]}]\n")],
             .requireApproval, .medium, 30),
            ([("p.yaml", "default: allow\ntools: {bash: {limit_per_hour: 3}}\n")], .allow, .low, nil),
        ]
        for (sources, outcome, risk, timeout) in policies {
            let engine = try Fixtures.engine(sources)
            for type in ["unknown.tool", "bash.execute", #"q"uote\back"#, "tab\there", "é中😀", "\u{1}"] {
                let d = engine.evaluate(Action(type: type, agent: AgentIdentity(team: "t")))
                #expect(d.rules == ["default"])
                #expect(d.outcome == outcome && d.risk == risk && d.approvalTimeoutSeconds == timeout)
                #expect(d.reason.hasPrefix("no rule matched \(type); default "))
                let rebuilt = Decision(
                    outcome: d.outcome, reason: d.reason, rules: d.rules, policy: d.policy, risk: d.risk,
                    pendingChecks: d.pendingChecks, notes: d.notes, approvalTimeoutSeconds: d.approvalTimeoutSeconds,
                    findings: d.findings)
                #expect(d.jsonText == rebuilt.jsonText, "\(sources.map(\.0)) \(type)")
                #expect(d == rebuilt)
            }
        }
    }

    @Test("one engine serves many threads at once")
    func concurrency() async throws {
        let engine = try Fixtures.engine(Self.cascade)
        var actions: [Action] = []
        for i in 0..<2000 {
            let type = i % 2 == 0 ? "payment.charge" : "file.read"
            let target = i % 3 == 0 ? "/secrets/x" : "/tmp/x"
            let agent = AgentIdentity(id: "a\(i % 5)", team: i % 4 == 0 ? "finance" : nil)
            actions.append(Action(type: type, target: target, params: ["amount": .int(Int64(i))], agent: agent))
        }
        let all = actions
        let expected = actions.map { engine.evaluate($0).jsonText }
        let results = await withTaskGroup(of: (Int, [String]).self) { group in
            for worker in 0..<8 {
                group.addTask { (worker, all.map { engine.evaluate($0).jsonText }) }
            }
            var all: [[String]] = []
            for await (_, r) in group { all.append(r) }
            return all
        }
        for r in results { #expect(r == expected) }
    }
}
