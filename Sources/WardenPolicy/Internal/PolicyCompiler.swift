import WardenDetect

/// Validates policy documents and compiles them into `CompiledPolicy` plans.
///
/// Validation collects every problem rather than stopping at the first, and each problem names
/// its file, YAML path and line. Unknown keys are errors: a misspelt `efect:` or `condtions:`
/// must never silently weaken a policy.
final class PolicyCompiler {
    private(set) var diagnostics: [PolicyDiagnostic] = []
    private(set) var policies: [CompiledPolicy] = []
    private var file = ""
    /// Condition path text → id, shared across the whole set (see `PathCache`).
    private var pathIDs: [String: Int] = [:]

    static let specKeys = ["scope", "default", "statements", "tools", "capabilities", "network", "schedule",
                           "budget", "data", "approval"]

    func compile(_ source: PolicySource) {
        file = source.name
        switch DocumentParser.documents(in: source) {
        case .failure(let d):
            diagnostics.append(d)
        case .success(let docs):
            var index = 0
            for doc in docs {
                if case .scalar(.null, _) = doc.kind { continue }  // empty document (comments only, trailing ---)
                compileDocument(doc, index: index, stem: PolicyCompiler.stem(source.name))
                index += 1
            }
        }
    }

    static func stem(_ name: String) -> String {
        var base = name.split(separator: "/").last.map(String.init) ?? name
        for ext in [".yaml", ".yml", ".json"] where base.lowercased().hasSuffix(ext) {
            base = String(base.dropLast(ext.count))
            break
        }
        return base
    }

    // MARK: Diagnostics helpers

    private func error(_ node: SourceNode?, _ path: String, _ message: String) {
        diagnostics.append(PolicyDiagnostic(file: file, path: path, line: node?.mark?.line, column: node?.mark?.column, message: message))
    }

    private func error(at mark: SourceMark?, _ path: String, _ message: String) {
        diagnostics.append(PolicyDiagnostic(file: file, path: path, line: mark?.line, column: mark?.column, message: message))
    }

    private func join(_ path: String, _ key: String) -> String {
        let needsQuotes = key.isEmpty || key.contains(" ")
        let k = needsQuotes ? "\"\(key)\"" : key
        return path.isEmpty ? k : path + "." + k
    }

    private func mapping(_ node: SourceNode, _ path: String) -> [SourceNode.Entry]? {
        guard case .mapping(let entries) = node.kind else {
            error(node, path, "must be a map, got \(node.typeName)")
            return nil
        }
        return entries
    }

    /// Reports keys outside `allowed`, suggesting the closest known key.
    private func checkKeys(_ entries: [SourceNode.Entry], _ allowed: [String], _ path: String) {
        for e in entries where !allowed.contains(e.key) {
            var message = "unknown key '\(e.key)'"
            if let suggestion = PolicyCompiler.closest(e.key, in: allowed) {
                message += " (did you mean '\(suggestion)'?)"
            } else {
                message += " (expected one of: \(allowed.joined(separator: ", ")))"
            }
            error(at: e.keyMark ?? e.value.mark, join(path, e.key), message)
        }
    }

    static func closest(_ word: String, in candidates: [String]) -> String? {
        var best: (String, Int)?
        for c in candidates {
            let d = editDistance(word.lowercased(), c)
            if d <= max(1, c.count / 3), best == nil || d < best!.1 { best = (c, d) }
        }
        return best?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        for i in 1...a.count {
            var cur = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[b.count]
    }

    private func value(_ entries: [SourceNode.Entry], _ key: String) -> SourceNode? {
        entries.first { $0.key == key }?.value
    }

    private func string(_ node: SourceNode, _ path: String, allowEmpty: Bool = false) -> String? {
        guard case .scalar(.string(let s), _) = node.kind else {
            error(node, path, "must be a string, got \(node.typeName)")
            return nil
        }
        if !allowEmpty && s.trimmingASCIIWhitespace().isEmpty {
            error(node, path, "must not be empty")
            return nil
        }
        return s
    }

    /// A scalar written as text; numbers keep their spelling (`version: 1.10` → "1.10").
    private func scalarText(_ node: SourceNode, _ path: String) -> String? {
        switch node.kind {
        case .scalar(.string(let s), _): return s
        case .scalar(.int, let raw?), .scalar(.double, let raw?): return raw
        case .scalar(let v, nil) where v.isNumber: return v.jsonText
        default:
            error(node, path, "must be a string, got \(node.typeName)")
            return nil
        }
    }

    private func bool(_ node: SourceNode, _ path: String) -> Bool? {
        guard case .scalar(.bool(let b), _) = node.kind else {
            error(node, path, "must be true or false, got \(node.typeName)\(rawSuffix(node))")
            return nil
        }
        return b
    }

    private func rawSuffix(_ node: SourceNode) -> String {
        if case .scalar(_, let raw?) = node.kind { return " '\(raw)'" }
        if case .scalar(let v, nil) = node.kind { return " \(v.shortDescription())" }
        return ""
    }

    private func positiveInt(_ node: SourceNode, _ path: String, allowZero: Bool = false) -> Int? {
        guard case .scalar(.int(let i), _) = node.kind else {
            error(node, path, "must be an integer, got \(node.typeName)\(rawSuffix(node))")
            return nil
        }
        guard allowZero ? i >= 0 : i > 0 else {
            error(node, path, allowZero ? "must be >= 0" : "must be > 0")
            return nil
        }
        guard i <= Int64(Int32.max) else {
            error(node, path, "must be at most \(Int32.max)")
            return nil
        }
        return Int(i)
    }

    private func nonNegativeNumber(_ node: SourceNode, _ path: String) -> PolicyValue? {
        guard case .scalar(let v, _) = node.kind, v.isNumber else {
            error(node, path, "must be a number, got \(node.typeName)\(rawSuffix(node))")
            return nil
        }
        if case .double(let d) = v, !d.isFinite {
            error(node, path, "must be a finite number")
            return nil
        }
        if PolicyValue.compareNumbers(v, .int(0))! < 0 {
            error(node, path, "must be >= 0")
            return nil
        }
        return v
    }

    /// A list of non-empty strings; a single string counts as a one-element list.
    private func stringList(_ node: SourceNode, _ path: String, allowSingle: Bool = true) -> [(String, SourceNode, String)]? {
        switch node.kind {
        case .scalar(.string, _) where allowSingle:
            guard let s = string(node, path) else { return nil }
            return [(s, node, path)]
        case .sequence(let items):
            var out: [(String, SourceNode, String)] = []
            var ok = true
            for (i, item) in items.enumerated() {
                let p = "\(path)[\(i)]"
                if let s = string(item, p) { out.append((s, item, p)) } else { ok = false }
            }
            return ok ? out : nil
        default:
            error(node, path, "must be a list of strings, got \(node.typeName)")
            return nil
        }
    }

    private func risk(_ node: SourceNode?, _ path: String) -> Risk? {
        guard let node, let s = string(node, path) else { return nil }
        guard let r = Risk(rawValue: s) else {
            error(node, path, "invalid risk '\(s)' (expected low, medium, high or critical)")
            return nil
        }
        return r
    }

    // MARK: Documents

    private func compileDocument(_ root: SourceNode, index: Int, stem: String) {
        guard let top = mapping(root, "") else { return }
        let isEnvelope = top.contains { ["apiVersion", "kind", "metadata", "spec"].contains($0.key) }
        var name = index == 0 ? stem : "\(stem)#\(index + 1)"
        var version = ""
        let specEntries: [SourceNode.Entry]
        let prefix: String
        if isEnvelope {
            checkKeys(top, ["apiVersion", "kind", "metadata", "spec"], "")
            if let v = value(top, "apiVersion") {
                if let s = string(v, "apiVersion"), s != "warden/v1" {
                    error(v, "apiVersion", "unsupported apiVersion '\(s)' (expected warden/v1)")
                }
            } else {
                error(root, "apiVersion", "missing (expected apiVersion: warden/v1)")
            }
            if let k = value(top, "kind") {
                if let s = string(k, "kind"), s != "Policy" { error(k, "kind", "unsupported kind '\(s)' (expected Policy)") }
            } else {
                error(root, "kind", "missing (expected kind: Policy)")
            }
            if let meta = value(top, "metadata"), let m = mapping(meta, "metadata") {
                checkKeys(m, ["name", "version", "description"], "metadata")
                if let n = value(m, "name") {
                    if let s = string(n, "metadata.name") { name = s }
                } else {
                    error(meta, "metadata.name", "missing: every policy needs a name")
                }
                if let v = value(m, "version"), let s = scalarText(v, "metadata.version") { version = s }
                if let d = value(m, "description") { _ = string(d, "metadata.description", allowEmpty: true) }
            } else if value(top, "metadata") == nil {
                error(root, "metadata", "missing: every policy needs metadata.name")
            }
            guard let specNode = value(top, "spec") else {
                error(root, "spec", "missing: the policy body goes under spec")
                return
            }
            guard let s = mapping(specNode, "spec") else { return }
            checkKeys(s, PolicyCompiler.specKeys, "spec")
            specEntries = s
            prefix = "spec"
        } else {
            if let rules = top.first(where: { $0.key == "rules" }), value(top, "statements") == nil {
                error(at: rules.keyMark, "rules", "agsec's legacy 'rules:' format is not supported; write 'statements:' instead")
            }
            checkKeys(top.filter { $0.key != "rules" || value(top, "statements") == nil },
                      PolicyCompiler.specKeys + ["name", "version", "description"], "")
            if let n = value(top, "name"), let s = string(n, "name") { name = s }
            if let v = value(top, "version"), let s = scalarText(v, "version") { version = s }
            if let d = value(top, "description") { _ = string(d, "description", allowEmpty: true) }
            specEntries = top
            prefix = ""
        }
        compileSpec(specEntries, prefix: prefix, reference: PolicyReference(name: name, version: version))
    }

    private func compileSpec(_ spec: [SourceNode.Entry], prefix: String, reference: PolicyReference) {
        let before = diagnostics.count
        var scope = PolicyScope.global
        if let node = value(spec, "scope") {
            let path = join(prefix, "scope")
            if let s = string(node, path) {
                if let parsed = PolicyCompiler.parseScope(s) { scope = parsed } else {
                    error(node, path, "invalid scope '\(s)' (expected global, org:<id>, team:<id>, agent:<id> or tool:<name>)")
                }
            }
        }
        var defaultEffect: Effect?
        if let node = value(spec, "default") {
            let path = join(prefix, "default")
            if let s = string(node, path) {
                switch s.lowercased() {
                case "deny", "block": defaultEffect = .deny
                case "allow": defaultEffect = .allow
                case "review": defaultEffect = .review
                default: error(node, path, "invalid default '\(s)' (expected deny, allow or review)")
                }
            }
        }
        var approvalTimeout: Int?
        if let node = value(spec, "approval") {
            let path = join(prefix, "approval")
            if let m = mapping(node, path) {
                checkKeys(m, ["timeout_seconds"], path)
                if let t = value(m, "timeout_seconds") { approvalTimeout = positiveInt(t, join(path, "timeout_seconds")) }
            }
        }
        let ctx = SpecContext(reference: reference, scope: scope, approvalTimeout: approvalTimeout)
        let statements = value(spec, "statements").map { compileStatements($0, join(prefix, "statements"), ctx) } ?? []
        let tools = value(spec, "tools").map { compileTools($0, join(prefix, "tools"), ctx) } ?? []
        let capabilities = value(spec, "capabilities").flatMap { compileCapabilities($0, join(prefix, "capabilities"), ctx) }
        let network = value(spec, "network").flatMap { compileNetwork($0, join(prefix, "network"), ctx) }
        let schedule = value(spec, "schedule").flatMap { compileSchedule($0, join(prefix, "schedule")) }
        let data = value(spec, "data").map { compileData($0, join(prefix, "data"), ctx) }
        let sensitive = data?.patterns ?? []
        let budget = value(spec, "budget").flatMap { compileBudget($0, join(prefix, "budget"), ctx) }
        guard diagnostics.count == before else { return }
        policies.append(CompiledPolicy(
            reference: reference, scope: scope, defaultEffect: defaultEffect, statements: statements, tools: tools,
            capabilities: capabilities, network: network, schedule: schedule, sensitivePatterns: sensitive,
            detectors: data?.detectors, budget: budget, approvalTimeoutSeconds: approvalTimeout))
    }

    struct SpecContext {
        var reference: PolicyReference
        var scope: PolicyScope
        var approvalTimeout: Int?

        func rule(_ id: String, _ reason: String, risk: Risk? = nil) -> RuleInfo {
            RuleInfo(id: id, reason: reason, risk: risk, policy: reference, approvalTimeoutSeconds: approvalTimeout)
        }
    }

    static func parseScope(_ s: String) -> PolicyScope? {
        if s == "global" { return .global }
        guard let colon = s.firstIndex(of: ":") else { return nil }
        let kind = s[..<colon]
        let id = String(s[s.index(after: colon)...])
        guard !id.isEmpty, !id.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" }) else { return nil }
        switch kind {
        case "org": return .org(id)
        case "team": return .team(id)
        case "agent": return .agent(id)
        case "tool": return .tool(id)
        default: return nil
        }
    }

    // MARK: Statements

    private func compileStatements(_ node: SourceNode, _ path: String, _ ctx: SpecContext) -> [CompiledStatement] {
        guard case .sequence(let items) = node.kind else {
            error(node, path, "must be a list of statements, got \(node.typeName)")
            return []
        }
        var out: [CompiledStatement] = []
        var sids: [String: Int] = [:]
        for (i, item) in items.enumerated() {
            let p = "\(path)[\(i)]"
            guard let m = mapping(item, p) else { continue }
            checkKeys(m, ["sid", "effect", "actions", "targets", "conditions", "match", "when", "risk", "reason"], p)
            var sid = "\(ctx.reference.name)/statements[\(i)]"
            if let s = value(m, "sid"), let text = string(s, join(p, "sid")) {
                if let first = sids[text] {
                    error(s, join(p, "sid"), "duplicate sid '\(text)' (also used by statements[\(first)])")
                }
                sids[text] = i
                sid = text
            }
            var effect: Effect?
            if let e = value(m, "effect") {
                if let s = string(e, join(p, "effect")) {
                    switch s.lowercased() {
                    case "deny", "block": effect = .deny
                    case "review": effect = .review
                    case "allow": effect = .allow
                    default: error(e, join(p, "effect"), "invalid effect '\(s)' (expected deny, review or allow)")
                    }
                }
            } else {
                error(item, join(p, "effect"), "missing: every statement needs an effect (deny, review or allow)")
            }
            var actions: [Glob] = []
            if let a = value(m, "actions") {
                if let list = stringList(a, join(p, "actions")) {
                    if list.isEmpty { error(a, join(p, "actions"), "must not be empty (use [\"*\"] for every action)") }
                    for (text, n, ap) in list {
                        do { actions.append(try Glob(text, flavor: .name, caseInsensitive: true)) } catch { self.error(n, ap, error.message) }
                    }
                }
            } else {
                // agsec's documented default: a statement without actions covers every action.
                actions = [try! Glob("*", flavor: .name)]
            }
            var targets: [Glob]?
            if let t = value(m, "targets"), let list = stringList(t, join(p, "targets")) {
                if list.isEmpty { error(t, join(p, "targets"), "must not be empty (omit targets to match any target)") }
                targets = []
                for (text, n, tp) in list {
                    do { targets!.append(try Glob(text, flavor: .path)) } catch { self.error(n, tp, error.message) }
                }
            }
            var conditions: [CompiledCondition] = []
            if let c = value(m, "conditions") { conditions = compileConditions(c, join(p, "conditions")) }
            var matchAny = false
            if let mm = value(m, "match"), let s = string(mm, join(p, "match")) {
                switch s {
                case "all": matchAny = false
                case "any": matchAny = true
                default: error(mm, join(p, "match"), "invalid match '\(s)' (expected all or any)")
                }
            }
            var when: PolicyExpression?
            if let w = value(m, "when") { when = expression(w, join(p, "when")) }
            let risk = risk(value(m, "risk"), join(p, "risk"))
            var reason = ""
            if let r = value(m, "reason"), let s = string(r, join(p, "reason"), allowEmpty: true) { reason = s }
            guard let effect else { continue }
            if reason.isEmpty {
                switch effect {
                case .deny: reason = "denied by statement '\(sid)'"
                case .review: reason = "statement '\(sid)' requires approval"
                case .allow: reason = "allowed by statement '\(sid)'"
                }
            }
            out.append(CompiledStatement(
                info: ctx.rule(sid, reason, risk: risk), effect: effect, actions: actions, targets: targets,
                conditions: conditions, matchAny: matchAny, when: when))
        }
        return out
    }

    private func expression(_ node: SourceNode, _ path: String) -> PolicyExpression? {
        guard let text = string(node, path) else { return nil }
        do {
            return try PolicyExpression(text)
        } catch {
            self.error(node, path, "invalid expression at column \(error.column): \(error.message)")
            return nil
        }
    }

    private func compileConditions(_ node: SourceNode, _ path: String) -> [CompiledCondition] {
        guard let entries = mapping(node, path) else { return [] }
        var out: [CompiledCondition] = []
        for e in entries {
            let p = join(path, e.key)
            let keyNode = SourceNode(kind: .scalar(.string(e.key), raw: nil), mark: e.keyMark)
            if e.key.isEmpty || e.key.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
                error(keyNode, p, "invalid field path '\(e.key)' (write dot paths such as params.amount or context.user_role)")
                continue
            }
            var fieldPath = FieldPath(conditionKey: e.key)
            if let id = pathIDs[e.key] {
                fieldPath.id = id
            } else {
                fieldPath.id = pathIDs.count
                pathIDs[e.key] = fieldPath.id
            }
            if fieldPath.root == .agent, fieldPath.segments.count != 1 || !["id", "team", "org"].contains(where: { fieldPath.segments == [.key($0)] }) {
                error(keyNode, p, "invalid field path '\(e.key)' (agent fields are agent.id, agent.team and agent.org)")
                continue
            }
            var op = ConditionOperator.eq
            var expected: PolicyValue = .null
            var valueNode = e.value
            switch e.value.kind {
            case .mapping(let cm):
                checkKeys(cm, ["op", "value"], p)
                guard let opNode = value(cm, "op") else {
                    error(e.value, join(p, "op"), "missing: a condition needs an op (==, !=, >, <, >=, <=, in, not_in, contains, starts_with, ends_with, regex, exists, not_exists)")
                    continue
                }
                guard let opText = scalarText(opNode, join(p, "op")) else { continue }
                guard let parsed = ConditionOperator(rawValue: opText) else {
                    error(opNode, join(p, "op"), "unknown operator '\(opText)' (expected one of: \(ConditionOperator.allCases.map(\.rawValue).joined(separator: " ")))")
                    continue
                }
                op = parsed
                if let v = value(cm, "value") {
                    valueNode = v
                    expected = v.value
                    if op == .exists || op == .notExists {
                        error(v, join(p, "value"), "operator '\(op.rawValue)' takes no value")
                        continue
                    }
                } else if op != .exists && op != .notExists {
                    error(e.value, join(p, "value"), "missing: operator '\(op.rawValue)' needs a value")
                    continue
                }
            default:
                // agsec shorthand: `params.env: production` means equality.
                expected = e.value.value
            }
            let vp = valueNode.mark == e.value.mark && op == .eq && !isMapping(e.value) ? p : join(p, "value")
            var regex: PolicyRegex?
            switch op {
            case .gt, .lt, .ge, .le:
                if !(expected.isNumber || expected.stringValue != nil) {
                    error(valueNode, vp, "operator '\(op.rawValue)' needs a number or string value, got \(expected.typeName)")
                    continue
                }
            case .in, .notIn:
                switch expected {
                case .array, .string: break
                default:
                    error(valueNode, vp, "operator '\(op.rawValue)' needs a list value, got \(expected.typeName)")
                    continue
                }
            case .startsWith, .endsWith:
                if expected.stringValue == nil {
                    error(valueNode, vp, "operator '\(op.rawValue)' needs a string value, got \(expected.typeName)")
                    continue
                }
            case .contains:
                if case .object = expected {
                    error(valueNode, vp, "operator 'contains' needs a string or scalar value, got map")
                    continue
                }
            case .regex:
                guard let pattern = expected.stringValue else {
                    error(valueNode, vp, "operator 'regex' needs a string pattern, got \(expected.typeName)")
                    continue
                }
                do { regex = try PolicyRegex(pattern) } catch {
                    self.error(valueNode, vp, "invalid regex \(JSONWriter.quoted(pattern)): \(error.description)")
                    continue
                }
            case .eq, .ne:
                if case .null = expected {
                    error(valueNode, vp, "comparing with null never works as meant (absent values satisfy no condition); use op: exists or not_exists")
                    continue
                }
                if case .double(let d) = expected, d.isNaN {
                    error(valueNode, vp, "NaN never equals anything")
                    continue
                }
            case .exists, .notExists:
                break
            }
            out.append(CompiledCondition(path: fieldPath, op: op, value: expected, regex: regex))
        }
        return out
    }

    private func isMapping(_ n: SourceNode) -> Bool {
        if case .mapping = n.kind { return true }
        return false
    }

    // MARK: Sections

    private func compileTools(_ node: SourceNode, _ path: String, _ ctx: SpecContext) -> [CompiledToolRule] {
        guard let entries = mapping(node, path) else { return [] }
        var out: [CompiledToolRule] = []
        for e in entries {
            let p = join(path, e.key)
            guard let m = mapping(e.value, p) else { continue }
            checkKeys(m, ["allow", "limit_per_hour", "requires_approval_if", "reason", "risk"], p)
            let glob: Glob
            do {
                glob = try Glob(e.key, flavor: .name, caseInsensitive: true)
            } catch {
                self.error(at: e.keyMark, p, error.message)
                continue
            }
            var allow: Bool?
            if let a = value(m, "allow") { allow = bool(a, join(p, "allow")) }
            var limit: Int?
            if let l = value(m, "limit_per_hour") { limit = positiveInt(l, join(p, "limit_per_hour")) }
            var expr: PolicyExpression?
            if let r = value(m, "requires_approval_if") { expr = expression(r, join(p, "requires_approval_if")) }
            let risk = risk(value(m, "risk"), join(p, "risk"))
            var reason: String?
            if let r = value(m, "reason") { reason = string(r, join(p, "reason"), allowEmpty: true) }
            if value(m, "allow") == nil && value(m, "limit_per_hour") == nil && value(m, "requires_approval_if") == nil {
                error(e.value, p, "sets nothing (expected allow, limit_per_hour or requires_approval_if)")
            }
            let id = "tools.\(e.key)"
            let allowReason = reason ?? (allow == false ? "tool '\(e.key)' is not allowed (\(id).allow: false)" : "tool '\(e.key)' is allowed by \(id).allow")
            var check: PendingCheck?
            if let limit {
                check = PendingCheck(
                    kind: "rate_limit", rule: "\(id).limit_per_hour", policy: ctx.reference,
                    settings: ["key": .string(id), "limit": .int(Int64(limit)), "window_seconds": 3600, "per": "agent"])
            }
            out.append(CompiledToolRule(
                name: e.key, glob: glob, allow: allow, allowInfo: ctx.rule("\(id).allow", allowReason, risk: risk),
                limitCheck: check, requiresApprovalIf: expr,
                approvalInfo: ctx.rule("\(id).requires_approval_if",
                                       reason ?? "tool '\(e.key)' requires approval when \(expr?.source ?? "")", risk: risk)))
        }
        return out
    }

    private func compileCapabilities(_ node: SourceNode, _ path: String, _ ctx: SpecContext) -> CompiledCapabilities? {
        guard let m = mapping(node, path) else { return nil }
        checkKeys(m, ["allow", "deny"], path)
        func patterns(_ key: String) -> [CapabilityPattern]? {
            guard let n = value(m, key), let list = stringList(n, join(path, key), allowSingle: false) else { return nil }
            var out: [CapabilityPattern] = []
            for (text, item, p) in list {
                if CapabilityPattern.fixedNames.contains(text) {
                    out.append(CapabilityPattern(text: text, kind: .fixed(text)))
                } else if text.hasPrefix("mcp_tool:") || text.hasPrefix("model:") {
                    let isModel = text.hasPrefix("model:")
                    let rest = String(text.dropFirst(isModel ? 6 : 9))
                    guard !rest.isEmpty else {
                        error(item, p, "capability '\(text)' needs a name after the colon")
                        continue
                    }
                    do {
                        let g = try Glob(Glob.asciiLowercased(rest), flavor: .name)
                        out.append(CapabilityPattern(text: text, kind: isModel ? .model(g) : .mcpTool(g)))
                    } catch { self.error(item, p, error.message) }
                } else {
                    var message = "unknown capability '\(text)' (expected \(CapabilityPattern.fixedNames.joined(separator: ", ")), mcp_tool:<name> or model:<name>)"
                    if let s = PolicyCompiler.closest(text, in: CapabilityPattern.fixedNames) { message = "unknown capability '\(text)' (did you mean '\(s)'?)" }
                    error(item, p, message)
                }
            }
            return out
        }
        let allow = patterns("allow")
        let deny = patterns("deny") ?? []
        return CompiledCapabilities(
            allow: value(m, "allow") == nil ? nil : (allow ?? []), deny: deny,
            allowInfo: ctx.rule("capabilities.allow", ""), denyInfo: ctx.rule("capabilities.deny", ""))
    }

    private func compileNetwork(_ node: SourceNode, _ path: String, _ ctx: SpecContext) -> CompiledNetwork? {
        guard let m = mapping(node, path) else { return nil }
        checkKeys(m, ["allowlist", "denylist"], path)
        func entries(_ key: String) -> [NetworkEntry]? {
            guard let n = value(m, key) else { return nil }
            guard case .sequence(let items) = n.kind else {
                error(n, join(path, key), "must be a list of domains or CIDR ranges, got \(n.typeName)")
                return nil
            }
            var out: [NetworkEntry] = []
            for (i, item) in items.enumerated() {
                let p = "\(join(path, key))[\(i)]"
                guard case .scalar(.string(let s), _) = item.kind else {
                    error(item, p, "must be a domain or CIDR range string, got \(item.typeName)")
                    continue
                }
                switch NetworkEntry.parse(s) {
                case .success(let entry): out.append(entry)
                case .failure(let e):
                    error(item, p, e.message == "empty entry" ? "must not be empty" : e.message)
                }
            }
            return out
        }
        let allow = entries("allowlist")
        let deny = entries("denylist") ?? []
        return CompiledNetwork(
            allowlist: allow, denylist: deny, allowInfo: ctx.rule("network.allowlist", ""),
            denyInfo: ctx.rule("network.denylist", ""), unknownInfo: ctx.rule("network", ""))
    }

    private func compileSchedule(_ node: SourceNode, _ path: String) -> ScheduleRule? {
        guard let m = mapping(node, path) else { return nil }
        checkKeys(m, ["active_hours", "weekdays", "timezone"], path)
        var zoneName = "UTC"
        var zoneNode: SourceNode?
        var zonePath = join(path, "timezone")
        if let z = value(m, "timezone") { zoneNode = z }
        var start: Int?, end: Int?
        var startText = "", endText = ""
        if let ah = value(m, "active_hours") {
            let p = join(path, "active_hours")
            if let hm = mapping(ah, p) {
                checkKeys(hm, ["start", "end", "timezone"], p)
                if let z = value(hm, "timezone") { zoneNode = z; zonePath = join(p, "timezone") }
                for key in ["start", "end"] {
                    guard let n = value(hm, key) else {
                        error(ah, join(p, key), "missing (HH:MM)")
                        continue
                    }
                    guard let s = string(n, join(p, key)) else { continue }
                    guard let minutes = ScheduleRule.parseClock(s) else {
                        error(n, join(p, key), "invalid time '\(s)' (expected HH:MM, 00:00 to 24:00)")
                        continue
                    }
                    if key == "start" { start = minutes; startText = s } else { end = minutes; endText = s }
                }
                if let s = start, let e = end, s == e || (s == 0 && e == 1440) {
                    error(ah, p, "start and end describe the whole day or nothing; omit active_hours to allow all day")
                    start = nil
                }
                if start == 1440 { error(value(hm, "start"), join(p, "start"), "start cannot be 24:00") }
            }
        }
        var weekdays: Set<Int>?
        if let w = value(m, "weekdays"), let list = stringList(w, join(path, "weekdays"), allowSingle: false) {
            if list.isEmpty { error(w, join(path, "weekdays"), "must not be empty (omit weekdays to allow every day)") }
            weekdays = []
            for (text, item, p) in list {
                if let d = ScheduleRule.weekdayNames[text.lowercased()] { weekdays!.insert(d) } else {
                    error(item, p, "invalid weekday '\(text)' (expected mon, tue, wed, thu, fri, sat or sun)")
                }
            }
        }
        var zone = ScheduleRule.timeZone(named: "UTC")!
        if let zoneNode, let s = string(zoneNode, zonePath) {
            if let z = ScheduleRule.timeZone(named: s) { zone = z; zoneName = s } else {
                error(zoneNode, zonePath, "unknown timezone '\(s)' (expected an IANA name such as Europe/Berlin or UTC)")
            }
        }
        if value(m, "active_hours") == nil && value(m, "weekdays") == nil {
            error(node, path, "sets nothing (expected active_hours and/or weekdays)")
        }
        return ScheduleRule(start: start, end: end, startText: startText, endText: endText, weekdays: weekdays,
                            timeZone: zone, timeZoneName: zoneName)
    }

    private func compileData(_ node: SourceNode, _ path: String, _ ctx: SpecContext) -> (patterns: [CompiledSensitivePattern], detectors: CompiledDetectors?) {
        guard let m = mapping(node, path) else { return ([], nil) }
        checkKeys(m, ["sensitive_patterns"] + CompiledDetectors.Category.allCases.map(\.key), path)
        let patterns = value(m, "sensitive_patterns").map { compileSensitivePatterns($0, join(path, "sensitive_patterns"), ctx) } ?? []
        var settings: [CompiledDetectors.Category: CompiledDetectors.Setting] = [:]
        for category in CompiledDetectors.Category.allCases {
            if let n = value(m, category.key), let setting = compileDetector(category, n, join(path, category.key), ctx) {
                settings[category] = setting
            }
        }
        return (patterns, CompiledDetectors(settings))
    }

    /// `data.<category>`: a mode (`block | redact | warn | off`) or
    /// `{mode, min_severity, actions, threshold (injection only)}`.
    private func compileDetector(
        _ category: CompiledDetectors.Category, _ node: SourceNode, _ path: String, _ ctx: SpecContext
    ) -> CompiledDetectors.Setting? {
        var modeNode = node
        var modePath = path
        var minimum = Severity.low
        var actions: [Glob]?
        var threshold = 0.5
        if case .mapping(let entries) = node.kind {
            checkKeys(entries, category == .injection ? ["mode", "min_severity", "actions", "threshold"] : ["mode", "min_severity", "actions"], path)
            guard let mn = value(entries, "mode") else {
                error(node, join(path, "mode"), "missing: expected block, redact, warn or off")
                return nil
            }
            modeNode = mn
            modePath = join(path, "mode")
            if let sn = value(entries, "min_severity"), let s = string(sn, join(path, "min_severity")) {
                if let v = Severity(rawValue: s) { minimum = v } else {
                    error(sn, join(path, "min_severity"), "invalid severity '\(s)' (expected low, medium, high or critical)")
                }
            }
            if let an = value(entries, "actions"), let list = stringList(an, join(path, "actions")) {
                if list.isEmpty { error(an, join(path, "actions"), "must not be empty (leave it out to scan every action)") }
                actions = []
                for (text, item, p) in list {
                    do { actions!.append(try Glob(text, flavor: .name, caseInsensitive: true)) } catch { self.error(item, p, error.message) }
                }
            }
            if let tn = value(entries, "threshold") {
                let tp = join(path, "threshold")
                let number: Double? = switch tn.kind {
                case .scalar(.int(let i), _): Double(i)
                case .scalar(.double(let d), _) where d.isFinite: d
                default: nil
                }
                if let d = number {
                    if d > 0 && d <= 1 { threshold = d } else { error(tn, tp, "must be > 0 and <= 1, got \(d)") }
                } else {
                    error(tn, tp, "must be a number between 0 and 1, got \(tn.typeName)\(rawSuffix(tn))")
                }
            }
        } else if case .scalar(.string, _) = node.kind {
        } else {
            error(node, path, "must be a mode (block, redact, warn or off) or a {mode, min_severity, actions} map, got \(node.typeName)")
            return nil
        }
        guard let text = string(modeNode, modePath) else { return nil }
        guard let mode = DetectorMode(rawValue: text) ?? (text == "deny" ? .block : nil) else {
            error(modeNode, modePath, "invalid mode '\(text)' (expected block, \(category == .toolArguments ? "" : "redact, ")warn or off)")
            return nil
        }
        if mode == .redact && category == .toolArguments {
            error(modeNode, modePath, "tool arguments cannot be redacted (expected block, warn or off)")
            return nil
        }
        let id = "data.\(category.key)"
        return CompiledDetectors.Setting(
            mode: mode, minimumSeverity: minimum, actions: actions, injectionThreshold: threshold,
            info: ctx.rule(id, "", risk: nil))
    }

    private func compileSensitivePatterns(_ listNode: SourceNode, _ lp: String, _ ctx: SpecContext) -> [CompiledSensitivePattern] {
        guard case .sequence(let items) = listNode.kind else {
            error(listNode, lp, "must be a list of regexes or {name, pattern, effect} maps, got \(listNode.typeName)")
            return []
        }
        var out: [CompiledSensitivePattern] = []
        for (i, item) in items.enumerated() {
            let p = "\(lp)[\(i)]"
            var name = "\(i)"
            var pattern: String?
            var patternNode = item
            var effect = Effect.deny
            var reason: String?
            switch item.kind {
            case .scalar(.string(let s), _):
                pattern = s
            case .mapping(let pm):
                checkKeys(pm, ["name", "pattern", "effect", "reason"], p)
                if let n = value(pm, "name"), let s = string(n, join(p, "name")) { name = s }
                if let pn = value(pm, "pattern") {
                    patternNode = pn
                    pattern = string(pn, join(p, "pattern"))
                } else {
                    error(item, join(p, "pattern"), "missing: a sensitive pattern needs a regex")
                }
                if let en = value(pm, "effect"), let s = string(en, join(p, "effect")) {
                    switch s {
                    case "deny", "block": effect = .deny
                    case "review": effect = .review
                    default: error(en, join(p, "effect"), "invalid effect '\(s)' (expected deny or review)")
                    }
                }
                if let r = value(pm, "reason") { reason = string(r, join(p, "reason"), allowEmpty: true) }
            default:
                error(item, p, "must be a regex string or a {name, pattern, effect} map, got \(item.typeName)")
            }
            guard let pattern else { continue }
            if pattern.isEmpty {
                error(patternNode, p, "must not be empty (an empty pattern matches everything)")
                continue
            }
            do {
                let regex = try PolicyRegex(pattern)
                let id = "data.sensitive_patterns[\(name)]"
                out.append(CompiledSensitivePattern(
                    regex: regex, effect: effect,
                    info: ctx.rule(id, reason ?? "", risk: effect == .deny ? .high : .medium), name: name))
            } catch {
                self.error(patternNode, p, "invalid regex \(JSONWriter.quoted(pattern)): \(error.description)")
            }
        }
        return out
    }

    private func compileBudget(_ node: SourceNode, _ path: String, _ ctx: SpecContext) -> CompiledBudget? {
        guard let m = mapping(node, path) else { return nil }
        checkKeys(m, ["daily_limit_usd", "monthly_limit_usd", "daily_token_limit", "monthly_token_limit", "timezone",
                      "action_on_exceed", "applies_to", "per"], path)
        var settings: [String: PolicyValue] = [:]
        for key in ["daily_limit_usd", "monthly_limit_usd"] {
            if let n = value(m, key), let v = nonNegativeNumber(n, join(path, key)) { settings[key] = v }
        }
        for key in ["daily_token_limit", "monthly_token_limit"] {
            if let n = value(m, key), let v = positiveInt(n, join(path, key), allowZero: true) { settings[key] = .int(Int64(v)) }
        }
        if settings.isEmpty && !diagnostics.contains(where: { $0.path.hasPrefix(path) }) {
            error(node, path, "sets no limit (expected daily_limit_usd, monthly_limit_usd, daily_token_limit or monthly_token_limit)")
        }
        var zone = "UTC"
        if let z = value(m, "timezone"), let s = string(z, join(path, "timezone")) {
            if ScheduleRule.timeZone(named: s) == nil {
                error(z, join(path, "timezone"), "unknown timezone '\(s)' (expected an IANA name such as Europe/Berlin or UTC)")
            } else {
                zone = s
            }
        }
        settings["timezone"] = .string(zone)
        var onExceed = "deny"
        if let a = value(m, "action_on_exceed"), let s = string(a, join(path, "action_on_exceed")) {
            if s == "deny" || s == "suspend" { onExceed = s } else {
                error(a, join(path, "action_on_exceed"), "invalid action_on_exceed '\(s)' (expected deny or suspend)")
            }
        }
        settings["action_on_exceed"] = .string(onExceed)
        if let p = value(m, "per"), let s = string(p, join(path, "per")) {
            if ["agent", "team", "org", "scope"].contains(s) { settings["per"] = .string(s) } else {
                error(p, join(path, "per"), "invalid per '\(s)' (expected agent, team, org or scope)")
            }
        }
        var appliesTo: [Glob] = [try! Glob("llm.call", flavor: .name, caseInsensitive: true)]
        if let a = value(m, "applies_to"), let list = stringList(a, join(path, "applies_to")) {
            if list.isEmpty { error(a, join(path, "applies_to"), "must not be empty") }
            appliesTo = []
            for (text, item, p) in list {
                do { appliesTo.append(try Glob(text, flavor: .name, caseInsensitive: true)) } catch { self.error(item, p, error.message) }
            }
        }
        settings["applies_to"] = .array(appliesTo.map { .string($0.pattern) })
        settings["scope"] = .string(ctx.scope.description)
        return CompiledBudget(appliesTo: appliesTo, check: PendingCheck(kind: "budget", rule: "budget", policy: ctx.reference, settings: .object(settings)))
    }
}
