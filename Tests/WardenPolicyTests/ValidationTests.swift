import Testing
@testable import WardenPolicy

/// Every kind of validation error, with the message, YAML path and line it must report.
@Suite("Policy validation")
struct ValidationTests {
    struct Bad: Sendable, CustomTestStringConvertible {
        var label: String
        var yaml: String
        var path: String
        var line: Int?
        var message: String
        var testDescription: String { label }
    }

    static let envelope = "apiVersion: warden/v1\nkind: Policy\nmetadata: {name: p}\nspec:\n"

    static let cases: [Bad] = [
        Bad(label: "unknown spec key suggests the right one", yaml: envelope + "  statments: []\n",
            path: "spec.statments", line: 5, message: "unknown key 'statments' (did you mean 'statements'?)"),
        Bad(label: "unknown statement key", yaml: envelope + "  statements:\n    - {sid: A, efect: deny}\n",
            path: "spec.statements[0].efect", line: 6, message: "unknown key 'efect' (did you mean 'effect'?)"),
        Bad(label: "unknown key without a near match lists the choices", yaml: envelope + "  network: {blocked: [a.com]}\n",
            path: "spec.network.blocked", line: 5, message: "expected one of: allowlist, denylist"),
        Bad(label: "invalid effect", yaml: envelope + "  statements:\n    - {sid: A, effect: maybe}\n",
            path: "spec.statements[0].effect", line: 6, message: "invalid effect 'maybe' (expected deny, review or allow)"),
        Bad(label: "missing effect", yaml: envelope + "  statements:\n    - {sid: A}\n",
            path: "spec.statements[0].effect", line: 6, message: "missing: every statement needs an effect"),
        Bad(label: "unknown operator", yaml: envelope + "  statements:\n    - sid: A\n      effect: deny\n      conditions:\n        params.x: {op: like, value: a}\n",
            path: "spec.statements[0].conditions.params.x.op", line: 9, message: "unknown operator 'like'"),
        Bad(label: "operator without a value", yaml: envelope + "  statements:\n    - sid: A\n      effect: deny\n      conditions:\n        params.x: {op: \">\"}\n",
            path: "spec.statements[0].conditions.params.x.value", line: 9, message: "operator '>' needs a value"),
        Bad(label: "exists with a value", yaml: envelope + "  statements:\n    - sid: A\n      effect: deny\n      conditions:\n        params.x: {op: exists, value: 1}\n",
            path: "spec.statements[0].conditions.params.x.value", line: 9, message: "operator 'exists' takes no value"),
        Bad(label: "invalid regex", yaml: envelope + "  statements:\n    - sid: A\n      effect: deny\n      conditions:\n        params.x: {op: regex, value: 'a(b'}\n",
            path: "spec.statements[0].conditions.params.x.value", line: 9, message: "invalid regex \"a(b\""),
        Bad(label: "in needs a list", yaml: envelope + "  statements:\n    - sid: A\n      effect: deny\n      conditions:\n        params.x: {op: in, value: 5}\n",
            path: "spec.statements[0].conditions.params.x.value", line: 9, message: "operator 'in' needs a list value, got number"),
        Bad(label: "ordering needs a number or string", yaml: envelope + "  statements:\n    - sid: A\n      effect: deny\n      conditions:\n        params.x: {op: \">\", value: [1]}\n",
            path: "spec.statements[0].conditions.params.x.value", line: 9, message: "needs a number or string value, got list"),
        Bad(label: "starts_with needs a string", yaml: envelope + "  statements:\n    - sid: A\n      effect: deny\n      conditions:\n        params.x: {op: starts_with, value: 5}\n",
            path: "spec.statements[0].conditions.params.x.value", line: 9, message: "needs a string value, got number"),
        Bad(label: "empty path segment", yaml: envelope + "  statements:\n    - sid: A\n      effect: deny\n      conditions:\n        params..x: 1\n",
            path: "spec.statements[0].conditions.params..x", line: 9, message: "invalid field path 'params..x'"),
        Bad(label: "bad agent field", yaml: envelope + "  statements:\n    - sid: A\n      effect: deny\n      conditions:\n        agent.name: x\n",
            path: "spec.statements[0].conditions.agent.name", line: 9, message: "agent fields are agent.id, agent.team and agent.org"),
        Bad(label: "comparing with null", yaml: envelope + "  statements:\n    - sid: A\n      effect: deny\n      conditions:\n        params.x: {op: \"==\", value: null}\n",
            path: "spec.statements[0].conditions.params.x.value", line: 9, message: "use op: exists or not_exists"),
        Bad(label: "target has no fields in expressions", yaml: envelope + "  statements:\n    - {sid: A, effect: deny, when: 'target.x == 1'}\n",
            path: "spec.statements[0].when", line: 6, message: "'target' is a string and has no fields"),
        Bad(label: "bad match", yaml: envelope + "  statements:\n    - {sid: A, effect: deny, match: some}\n",
            path: "spec.statements[0].match", line: 6, message: "invalid match 'some' (expected all or any)"),
        Bad(label: "bad risk", yaml: envelope + "  statements:\n    - {sid: A, effect: deny, risk: extreme}\n",
            path: "spec.statements[0].risk", line: 6, message: "invalid risk 'extreme'"),
        Bad(label: "duplicate sid", yaml: envelope + "  statements:\n    - {sid: A, effect: deny}\n    - {sid: A, effect: allow}\n",
            path: "spec.statements[1].sid", line: 7, message: "duplicate sid 'A'"),
        Bad(label: "empty actions", yaml: envelope + "  statements:\n    - {sid: A, effect: deny, actions: []}\n",
            path: "spec.statements[0].actions", line: 6, message: "must not be empty"),
        Bad(label: "bad glob", yaml: envelope + "  statements:\n    - {sid: A, effect: deny, actions: ['file.[rw']}\n",
            path: "spec.statements[0].actions[0]", line: 6, message: "unterminated '['"),
        Bad(label: "malformed when expression names the column", yaml: envelope + "  statements:\n    - {sid: A, effect: deny, when: 'params.x >'}\n",
            path: "spec.statements[0].when", line: 6, message: "invalid expression at column 11: expected a value, found end of expression"),
        Bad(label: "unknown name in expression", yaml: envelope + "  statements:\n    - {sid: A, effect: deny, when: 'amount > 5'}\n",
            path: "spec.statements[0].when", line: 6, message: "column 1: unknown name 'amount'"),
        Bad(label: "single = in expression", yaml: envelope + "  statements:\n    - {sid: A, effect: deny, when: 'params.a = 1'}\n",
            path: "spec.statements[0].when", line: 6, message: "use '==' to compare"),
        Bad(label: "limit_per_hour must be positive", yaml: envelope + "  tools:\n    bash: {limit_per_hour: 0}\n",
            path: "spec.tools.bash.limit_per_hour", line: 6, message: "must be > 0"),
        Bad(label: "limit_per_hour must be an integer", yaml: envelope + "  tools:\n    bash: {limit_per_hour: many}\n",
            path: "spec.tools.bash.limit_per_hour", line: 6, message: "must be an integer, got string 'many'"),
        Bad(label: "tool allow must be a bool", yaml: envelope + "  tools:\n    bash: {allow: yes}\n",
            path: "spec.tools.bash.allow", line: 6, message: "must be true or false, got string 'yes'"),
        Bad(label: "tool entry that sets nothing", yaml: envelope + "  tools:\n    bash: {reason: x}\n",
            path: "spec.tools.bash", line: 6, message: "sets nothing"),
        Bad(label: "bad requires_approval_if", yaml: envelope + "  tools:\n    pay: {requires_approval_if: 'params.amount >> 5'}\n",
            path: "spec.tools.pay.requires_approval_if", line: 6, message: "invalid expression at column"),
        Bad(label: "invalid scope", yaml: envelope + "  scope: department:x\n",
            path: "spec.scope", line: 5, message: "invalid scope 'department:x'"),
        Bad(label: "scope without id", yaml: envelope + "  scope: 'team:'\n",
            path: "spec.scope", line: 5, message: "invalid scope 'team:'"),
        Bad(label: "invalid default", yaml: envelope + "  default: maybe\n",
            path: "spec.default", line: 5, message: "invalid default 'maybe' (expected deny, allow or review)"),
        Bad(label: "unknown capability suggests", yaml: envelope + "  capabilities: {allow: [file_raed]}\n",
            path: "spec.capabilities.allow[0]", line: 5, message: "unknown capability 'file_raed' (did you mean 'file_read'?)"),
        Bad(label: "capability without a name", yaml: envelope + "  capabilities: {deny: ['mcp_tool:']}\n",
            path: "spec.capabilities.deny[0]", line: 5, message: "needs a name after the colon"),
        Bad(label: "empty allowlist entry", yaml: envelope + "  network: {allowlist: ['']}\n",
            path: "spec.network.allowlist[0]", line: 5, message: "must not be empty"),
        Bad(label: "bad CIDR", yaml: envelope + "  network: {denylist: ['10.0.0.0/33']}\n",
            path: "spec.network.denylist[0]", line: 5, message: "neither a domain nor a valid CIDR range"),
        Bad(label: "bad timezone", yaml: envelope + "  schedule: {active_hours: {start: '09:00', end: '17:00', timezone: Mars/Olympus}}\n",
            path: "spec.schedule.active_hours.timezone", line: 5, message: "unknown timezone 'Mars/Olympus'"),
        Bad(label: "bad clock time", yaml: envelope + "  schedule: {active_hours: {start: '9am', end: '17:00'}}\n",
            path: "spec.schedule.active_hours.start", line: 5, message: "invalid time '9am'"),
        Bad(label: "start equals end", yaml: envelope + "  schedule: {active_hours: {start: '09:00', end: '09:00'}}\n",
            path: "spec.schedule.active_hours", line: 5, message: "start and end describe the whole day or nothing"),
        Bad(label: "bad weekday", yaml: envelope + "  schedule: {weekdays: [mon, funday]}\n",
            path: "spec.schedule.weekdays[1]", line: 5, message: "invalid weekday 'funday'"),
        Bad(label: "budget without limits", yaml: envelope + "  budget: {timezone: UTC}\n",
            path: "spec.budget", line: 5, message: "sets no limit"),
        Bad(label: "negative budget", yaml: envelope + "  budget: {daily_limit_usd: -5}\n",
            path: "spec.budget.daily_limit_usd", line: 5, message: "must be >= 0"),
        Bad(label: "bad action_on_exceed", yaml: envelope + "  budget: {daily_limit_usd: 5, action_on_exceed: explode}\n",
            path: "spec.budget.action_on_exceed", line: 5, message: "invalid action_on_exceed 'explode'"),
        Bad(label: "bad budget per", yaml: envelope + "  budget: {daily_limit_usd: 5, per: department}\n",
            path: "spec.budget.per", line: 5, message: "invalid per 'department' (expected agent, team, org or scope)"),
        Bad(label: "bad sensitive pattern", yaml: envelope + "  data: {sensitive_patterns: ['[unclosed']}\n",
            path: "spec.data.sensitive_patterns[0]", line: 5, message: "invalid regex"),
        Bad(label: "empty sensitive pattern", yaml: envelope + "  data: {sensitive_patterns: ['']}\n",
            path: "spec.data.sensitive_patterns[0]", line: 5, message: "must not be empty"),
        Bad(label: "approval timeout must be positive", yaml: envelope + "  approval: {timeout_seconds: -1}\n",
            path: "spec.approval.timeout_seconds", line: 5, message: "must be > 0"),
        Bad(label: "wrong type for statements", yaml: envelope + "  statements: {sid: A}\n",
            path: "spec.statements", line: 5, message: "must be a list of statements, got map"),
        Bad(label: "missing apiVersion", yaml: "kind: Policy\nmetadata: {name: p}\nspec: {}\n",
            path: "apiVersion", line: 1, message: "missing (expected apiVersion: warden/v1)"),
        Bad(label: "wrong apiVersion", yaml: "apiVersion: warden/v2\nkind: Policy\nmetadata: {name: p}\nspec: {}\n",
            path: "apiVersion", line: 1, message: "unsupported apiVersion 'warden/v2'"),
        Bad(label: "wrong kind", yaml: "apiVersion: warden/v1\nkind: Rule\nmetadata: {name: p}\nspec: {}\n",
            path: "kind", line: 2, message: "unsupported kind 'Rule'"),
        Bad(label: "missing metadata name", yaml: "apiVersion: warden/v1\nkind: Policy\nmetadata: {version: '1'}\nspec: {}\n",
            path: "metadata.name", line: 3, message: "every policy needs a name"),
        Bad(label: "missing spec", yaml: "apiVersion: warden/v1\nkind: Policy\nmetadata: {name: p}\n",
            path: "spec", line: 1, message: "the policy body goes under spec"),
        Bad(label: "agsec legacy rules format", yaml: "rules:\n  - {action: x}\n",
            path: "rules", line: 1, message: "legacy 'rules:' format is not supported"),
        Bad(label: "duplicate YAML key", yaml: envelope + "  default: deny\n  default: allow\n",
            path: "", line: 5, message: "duplicate key \"default\" in the mapping that starts here"),
        Bad(label: "YAML syntax error has a line", yaml: envelope + "  statements: [\n",
            path: "", line: nil, message: "invalid YAML"),
        Bad(label: "YAML alias bomb", yaml: "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n",
            path: "", line: nil, message: "document too large: more than 200000 nodes"),
        Bad(label: "top level must be a map", yaml: "- a\n- b\n",
            path: "", line: 1, message: "must be a map, got list"),
        Bad(label: "NaN in an equality", yaml: envelope + "  statements:\n    - sid: A\n      effect: deny\n      conditions:\n        params.x: {op: \"==\", value: .nan}\n",
            path: "spec.statements[0].conditions.params.x.value", line: 9, message: "NaN never equals anything"),
        Bad(label: "contains with a map value", yaml: envelope + "  statements:\n    - sid: A\n      effect: deny\n      conditions:\n        params.x: {op: contains, value: {a: 1}}\n",
            path: "spec.statements[0].conditions.params.x.value", line: 9, message: "operator 'contains' needs a string or scalar value, got map"),
        Bad(label: "regex with a number", yaml: envelope + "  statements:\n    - sid: A\n      effect: deny\n      conditions:\n        params.x: {op: regex, value: 5}\n",
            path: "spec.statements[0].conditions.params.x.value", line: 9, message: "operator 'regex' needs a string pattern, got number"),
        Bad(label: "effect of the wrong type", yaml: envelope + "  statements:\n    - {sid: A, effect: 5}\n",
            path: "spec.statements[0].effect", line: 6, message: "must be a string, got number"),
        Bad(label: "actions of the wrong type", yaml: envelope + "  statements:\n    - {sid: A, effect: deny, actions: {a: 1}}\n",
            path: "spec.statements[0].actions", line: 6, message: "must be a list of strings, got map"),
        Bad(label: "reversed glob range", yaml: envelope + "  statements:\n    - {sid: A, effect: deny, actions: ['file.[z-a]']}\n",
            path: "spec.statements[0].actions[0]", line: 6, message: "invalid range 'z-a' in glob \"file.[z-a]\""),
        Bad(label: "limit_per_hour too large", yaml: envelope + "  tools:\n    bash: {limit_per_hour: 99999999999}\n",
            path: "spec.tools.bash.limit_per_hour", line: 6, message: "must be at most 2147483647"),
        Bad(label: "network entry with a space", yaml: envelope + "  network: {allowlist: ['a b.com']}\n",
            path: "spec.network.allowlist[0]", line: 5, message: "\"a b.com\" contains a space"),
        Bad(label: "network entry of the wrong type", yaml: envelope + "  network: {allowlist: [5]}\n",
            path: "spec.network.allowlist[0]", line: 5, message: "must be a domain or CIDR range string, got number"),
        Bad(label: "budget limit not a number", yaml: envelope + "  budget: {daily_limit_usd: lots}\n",
            path: "spec.budget.daily_limit_usd", line: 5, message: "must be a number, got string 'lots'"),
        Bad(label: "budget limit infinite", yaml: envelope + "  budget: {daily_limit_usd: .inf}\n",
            path: "spec.budget.daily_limit_usd", line: 5, message: "must be a finite number"),
        Bad(label: "empty budget applies_to", yaml: envelope + "  budget: {daily_limit_usd: 1, applies_to: []}\n",
            path: "spec.budget.applies_to", line: 5, message: "must not be empty"),
        Bad(label: "sensitive_patterns not a list", yaml: envelope + "  data: {sensitive_patterns: 'AKIA'}\n",
            path: "spec.data.sensitive_patterns", line: 5, message: "must be a list of regexes or {name, pattern, effect} maps, got string"),
        Bad(label: "sensitive pattern of the wrong type", yaml: envelope + "  data: {sensitive_patterns: [5]}\n",
            path: "spec.data.sensitive_patterns[0]", line: 5, message: "must be a regex string or a {name, pattern, effect} map, got number"),
        Bad(label: "non-string mapping key", yaml: envelope + "  ? [a, b]\n  : 1\n",
            path: "", line: 5, message: "mapping keys must be plain strings"),
        Bad(label: "nesting too deep", yaml: "statements: " + String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + "\n",
            path: "", line: 1, message: "nesting deeper than 256 levels"),
        Bad(label: "flat form unknown key", yaml: "version: '1.0'\ndefault: deny\nstatement: []\n",
            path: "statement", line: 3, message: "did you mean 'statements'?"),
    ]

    @Test("rejects with a precise message", arguments: cases)
    func rejects(_ bad: Bad) {
        let diagnostics = Fixtures.diagnostics(bad.yaml, name: "p.yaml")
        let match = diagnostics.first { $0.path == bad.path && $0.message.contains(bad.message) }
        #expect(match != nil, "expected \(bad.path): …\(bad.message)… in:\n\(diagnostics.map(\.description).joined(separator: "\n"))")
        if let line = bad.line, let match { #expect(match.line == line, "\(match)") }
        if let match { #expect(match.file == "p.yaml") }
    }

    @Test("reports every error, not just the first")
    func reportsAll() {
        let yaml = Self.envelope + """
              default: sometimes
              statements:
                - {sid: A, effect: nope}
                - {sid: B, effect: deny, conditions: {params.x: {op: "~=", value: 1}}}
              tools:
                bash: {limit_per_hour: -3}
            """
        let diagnostics = Fixtures.diagnostics(yaml)
        #expect(diagnostics.count == 4, "\(diagnostics)")
        #expect(diagnostics.map(\.path) == [
            "spec.default", "spec.statements[0].effect", "spec.statements[1].conditions.params.x.op", "spec.tools.bash.limit_per_hour",
        ])
    }

    @Test("renders as file:line: path: message")
    func rendering() {
        let d = Fixtures.diagnostics(Self.envelope + "  tools:\n    bash: {limit_per_hour: 0}\n", name: "policies/bash.yaml")
        #expect(d.map(\.description) == ["policies/bash.yaml:6: spec.tools.bash.limit_per_hour: must be > 0"])
    }

    @Test("JSON policy files report JSON syntax errors with line and column")
    func jsonSyntax() {
        let d = PolicyEngine.validate([PolicySource(name: "p.json", text: "{\n  \"default\": \"deny\",\n  \"default\": \"allow\"\n}")])
        #expect(d.count == 1)
        #expect(d.first?.line == 3)
        #expect(d.first?.message == "invalid JSON: duplicate key \"default\"")
    }

    @Test("duplicate policy names across files are rejected")
    func duplicateNames() {
        let d = PolicyEngine.validate([
            PolicySource(name: "a/p.yaml", text: "default: deny\n"),
            PolicySource(name: "b/p.yaml", text: "default: allow\n"),
        ])
        #expect(d.map(\.message) == ["two policies are named 'p'; policy names must be unique"])
    }

    @Test("an empty policy set is an error")
    func emptySet() {
        #expect(PolicyEngine.validate([PolicySource(name: "empty.yaml", text: "# nothing\n")]).map(\.message) == ["no policy documents found"])
        #expect(PolicyEngine.validate([]).map(\.message) == ["no policy files given"])
    }

    @Test("the starter-style policy validates")
    func validPolicy() throws {
        _ = try Fixtures.engine(Self.envelope + """
              scope: team:payments
              default: deny
              approval: {timeout_seconds: 600}
              statements:
                - sid: ReviewBig
                  effect: review
                  actions: ["payment.*"]
                  conditions:
                    params.amount: {op: ">", value: 1000}
                  when: 'context.env == "prod" && !(agent.id in ["ops-bot"])'
                  risk: high
              tools:
                bash: {allow: true, limit_per_hour: 100, requires_approval_if: 'params.command.contains("sudo")'}
              capabilities: {allow: [file_read, "mcp_tool:github.*", "model:gpt-4*"], deny: [agent_spawn]}
              network: {allowlist: ["*.github.com", "10.0.0.0/8", "fd00::/8"], denylist: [evil.example]}
              schedule: {active_hours: {start: "22:00", end: "06:00", timezone: Europe/Berlin}, weekdays: [mon, tue, Wednesday]}
              budget: {daily_limit_usd: 25.5, monthly_token_limit: 1000000, timezone: America/New_York, action_on_exceed: suspend}
              data: {sensitive_patterns: ['AKIA[0-9A-Z]{16}', {name: ssn, pattern: '\\b\\d{3}-\\d{2}-\\d{4}\\b', effect: review}]}
            """)
    }
}
