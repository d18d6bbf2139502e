import WardenDetect

/// One evaluation in progress: collects what each applicable policy says, then resolves it
/// (deny > require_approval > allow > default).
struct Evaluation {
    struct Hit {
        var info: RuleInfo
        /// Set when the reason depends on the action (a host name, a mismatch explanation).
        var reason: String?
        var risk: Risk?

        var text: String { reason ?? info.reason }
    }

    /// Hits of one kind. Most decisions have exactly one, so the first is stored inline and
    /// an array is only allocated for the second and later ones.
    struct Hits {
        private(set) var first: Hit?
        private var rest: [Hit] = []

        var isEmpty: Bool { first == nil }
        var count: Int { first == nil ? 0 : 1 + rest.count }

        mutating func append(_ hit: Hit) {
            if first == nil { first = hit } else { rest.append(hit) }
        }

        var all: [Hit] {
            guard let first else { return [] }
            return [first] + rest
        }
    }

    /// The action type, ASCII-lowercased once (action types match case-insensitively so
    /// `Bash.Execute` cannot slip past rules written for `bash.execute`).
    private let typeHashKey: TypeKey
    var typeKey: String { typeHashKey.text }
    private var unixSeconds: Int64?

    private var denies = Hits()
    private var reviews = Hits()
    private var allows = Hits()
    private var notes: [String] = []
    private var pending: [PendingCheck] = []
    private var strongestDefault: (effect: Effect, info: RuleInfo)?
    /// The shortest `approval.timeout_seconds` among applicable policies, used when the policy
    /// of the deciding review rule sets none.
    private var shortestApprovalTimeout: Int?
    private var pathCache = PathCache()
    private var findings: [DataFinding] = []

    // The action is passed to each method rather than stored or passed to this initializer
    // (initializer arguments are owned, so that would copy and retain all of its fields on
    // every evaluation).
    init(type: String, unixSeconds: Int64?) {
        self.unixSeconds = unixSeconds
        self.typeHashKey = TypeKey(lowercasing: type)
    }

    /// The action's tool name: the target of `tool.call`, otherwise the type's first segment
    /// (`bash.execute` → `bash`). Computed only when a policy has tool rules or tool scopes.
    func toolName(of action: Action) -> String {
        if typeKey == "tool.call", let target = action.target, !target.isEmpty { return Glob.asciiLowercased(target) }
        let utf8 = typeKey.utf8
        guard let dot = utf8.firstIndex(of: UInt8(ascii: ".")) else { return typeKey }
        return String(typeKey.utf8[..<dot])!
    }

    private mutating func add(_ effect: Effect, _ hit: Hit) {
        switch effect {
        case .deny: denies.append(hit)
        case .review: reviews.append(hit)
        case .allow: allows.append(hit)
        }
    }

    // MARK: Contributions

    mutating func contribute(_ policy: CompiledPolicy, _ action: Action) {
        if let t = policy.approvalTimeoutSeconds, shortestApprovalTimeout == nil || t < shortestApprovalTimeout! {
            shortestApprovalTimeout = t
        }
        if let d = policy.defaultEffect, let info = policy.defaultInfo {
            if strongestDefault == nil || Evaluation.rank(d) < Evaluation.rank(strongestDefault!.effect) {
                strongestDefault = (d, info)
            }
        }
        contributeStatements(policy, action)
        if !policy.tools.isEmpty { contributeTools(policy, action) }
        if let caps = policy.capabilities { contributeCapabilities(caps, action) }
        if let net = policy.network { contributeNetwork(net, action) }
        if let schedule = policy.schedule { contributeSchedule(schedule.rule, schedule.info) }
        if !policy.sensitivePatterns.isEmpty { contributeSensitiveData(policy.sensitivePatterns, action) }
        if let detectors = policy.detectors { contributeDetectors(detectors, action) }
        if let budget = policy.budget, budget.appliesTo.contains(where: { $0.matches(typeKey) }) {
            pending.append(budget.check)
        }
    }

    static func rank(_ e: Effect) -> Int {
        switch e {
        case .deny: return 0
        case .review: return 1
        case .allow: return 2
        }
    }

    private mutating func contributeStatements(_ policy: CompiledPolicy, _ action: Action) {
        if let index = policy.statementsByType.index(of: typeHashKey) {
            policy.statementsByType.values[index].withUnsafeBufferPointer { buffer in
                for statement in buffer { statement._withUnsafeGuaranteedRef { consider($0, action) } }
            }
        } else if !policy.wildcardStatements.isEmpty {
            policy.wildcardStatements.withUnsafeBufferPointer { buffer in
                for unmanaged in buffer {
                    unmanaged._withUnsafeGuaranteedRef { statement in
                        if statement.actions.contains(where: { $0.matches(typeKey) }) { consider(statement, action) }
                    }
                }
            }
        }
    }

    private mutating func consider(_ statement: CompiledStatement, _ action: Action) {
        // A weaker statement cannot change a decision a stronger one has already made, and
        // `rules` lists only the winning kind, so it is not evaluated at all.
        switch statement.effect {
        case .allow where !denies.isEmpty || !reviews.isEmpty: return
        case .review where !denies.isEmpty: return
        default: break
        }
        switch statement.applies(to: action, cache: &pathCache) {
        case .no:
            return
        case .yes:
            add(statement.effect, Hit(info: statement.info, reason: nil, risk: statement.info.risk))
        case .unknown(let why):
            // Fail closed: a deny or review rule that cannot be evaluated applies; an allow
            // rule does not, and the decision says why.
            if statement.effect == .allow {
                notes.append("allow rule '\(statement.info.id)' was not applied: \(why)")
            } else {
                add(statement.effect, Hit(info: statement.info, reason: "\(statement.info.reason) (applied because it could not be evaluated: \(why))", risk: statement.info.risk))
            }
        }
    }

    private mutating func contributeTools(_ policy: CompiledPolicy, _ action: Action) {
        let toolName = self.toolName(of: action)
        for tool in policy.tools where tool.glob.matches(toolName) || tool.glob.matches(typeKey) {
            if let allow = tool.allow {
                add(allow ? .allow : .deny, Hit(info: tool.allowInfo, reason: nil, risk: tool.allowInfo.risk))
            }
            if let expr = tool.requiresApprovalIf {
                switch expr.evaluate(action) {
                case .success(true):
                    add(.review, Hit(info: tool.approvalInfo, reason: nil, risk: tool.approvalInfo.risk))
                case .success(false):
                    break
                case .failure(let e):
                    add(.review, Hit(info: tool.approvalInfo, reason: "\(tool.approvalInfo.reason) (applied because it could not be evaluated: \(e.message))", risk: tool.approvalInfo.risk))
                }
            }
            if let check = tool.limitCheck { pending.append(check) }
        }
    }

    /// The capabilities an action exercises (see docs/policy.md, "Capabilities").
    func capabilities(of action: Action) -> [String] {
        let t = typeKey
        switch t {
        case "file.read", "file.glob", "file.grep", "file.list": return ["file_read"]
        case "file.write", "file.edit", "file.create", "file.append", "file.move", "file.copy", "notebook.edit": return ["file_write"]
        case "file.delete": return ["file_delete"]
        case "web.fetch", "web.search", "network.request", "network.connect": return ["network_outbound"]
        case "network.listen", "network.serve": return ["network_inbound"]
        case "bash.execute", "shell.execute", "terminal.execute": return ["terminal_exec"]
        case "agent.spawn": return ["agent_spawn"]
        case "llm.call":
            let model = action.paramMap["model"]?.stringValue ?? action.target ?? ""
            return ["model:" + (model.isEmpty ? "unknown" : model)]
        default:
            if t.hasPrefix("http.") { return ["network_outbound"] }
            // From the lowercased type: `MCP.GitHub.delete_repo` must meet `mcp_tool:github.delete_*`.
            if t.hasPrefix("mcp."), t.count > 4 { return ["mcp_tool:" + String(t.dropFirst(4))] }
            return []
        }
    }

    private mutating func contributeCapabilities(_ caps: CompiledCapabilities, _ action: Action) {
        for cap in capabilities(of: action) {
            if let denied = caps.deny.first(where: { $0.matches(cap) }) {
                add(.deny, Hit(info: caps.denyInfo, reason: "capability '\(cap)' is denied by capabilities.deny ('\(denied.text)')", risk: .high))
                continue
            }
            guard let allowList = caps.allow else { continue }
            if let allowed = allowList.first(where: { $0.matches(cap) }) {
                add(.allow, Hit(info: caps.allowInfo, reason: "capability '\(cap)' is allowed by capabilities.allow ('\(allowed.text)')", risk: nil))
            } else {
                add(.deny, Hit(info: caps.allowInfo, reason: "capability '\(cap)' is not in capabilities.allow", risk: .high))
            }
        }
    }

    private func isNetworkAction(_ action: Action) -> Bool {
        typeKey == "web.fetch" || typeKey.hasPrefix("http.")
            || (typeKey.hasPrefix("network.") && typeKey != "network.listen" && typeKey != "network.serve")
            || action.paramMap["url"]?.stringValue != nil
    }

    private mutating func contributeNetwork(_ net: CompiledNetwork, _ action: Action) {
        guard isNetworkAction(action) else { return }
        let raw = action.paramMap["url"]?.stringValue ?? action.paramMap["host"]?.stringValue ?? action.target
        guard let raw, let destination = Destination(raw) else {
            add(.deny, Hit(info: net.unknownInfo, reason: "cannot tell where \(action.type) goes (no usable params.url, params.host or target), so network rules cannot allow it", risk: .high))
            return
        }
        if let entry = net.denylist.first(where: { $0.matches(destination) }) {
            add(.deny, Hit(info: net.denyInfo, reason: "host '\(destination.host)' is on network.denylist ('\(entry.text)')", risk: .high))
            return
        }
        guard let allowlist = net.allowlist else { return }
        if let entry = allowlist.first(where: { $0.matches(destination) }) {
            add(.allow, Hit(info: net.allowInfo, reason: "host '\(destination.host)' is on network.allowlist ('\(entry.text)')", risk: nil))
        } else {
            add(.deny, Hit(info: net.allowInfo, reason: "host '\(destination.host)' is not on network.allowlist", risk: .high))
        }
    }

    private mutating func contributeSchedule(_ rule: ScheduleRule, _ infos: [String: RuleInfo]) {
        let now = unixSeconds ?? WallClock.nowUnixSeconds()
        unixSeconds = now
        if let v = rule.violation(at: now) {
            add(.deny, Hit(info: infos[v.rule]!, reason: v.reason, risk: nil))
        }
    }

    private mutating func contributeSensitiveData(_ patterns: [CompiledSensitivePattern], _ action: Action) {
        let strings = Evaluation.scannedStrings(action)
        for p in patterns {
            for (path, text) in strings {
                let matched: Bool
                do { matched = try p.regex.matches(text) } catch {
                    add(p.effect, Hit(info: p.info, reason: "sensitive data pattern '\(p.name)' could not be evaluated on \(path) (\(error.message)); treating it as a match", risk: p.info.risk))
                    break
                }
                if matched {
                    // Never echo the matched text: it is the secret.
                    let reason = p.info.reason.isEmpty ? "\(path) matches sensitive data pattern '\(p.name)'" : p.info.reason
                    add(p.effect, Hit(info: p.info, reason: reason, risk: p.info.risk))
                    break
                }
            }
        }
    }

    /// The strings content rules read: the target and every string inside params, with paths.
    private static func scannedStrings(_ action: Action) -> [(String, String)] {
        var strings: [(String, String)] = []
        if let target = action.target { strings.append(("target", target)) }
        for member in action.paramMap.sortedMembers {
            collectStrings(member.value, path: "params." + member.key, into: &strings, depth: 1)
        }
        return strings
    }

    /// Scans the action's strings with a policy's detectors: a `block` finding denies (one hit
    /// per category, naming the first place and kind), and every finding at or above the
    /// setting's minimum severity is listed in the decision with what the policy does about it.
    private mutating func contributeDetectors(_ detectors: CompiledDetectors, _ action: Action) {
        let scanner = detectors.scanner(for: typeKey)
        let tools = detectors.toolScanner(for: typeKey)
        guard scanner != nil || tools != nil else { return }
        var blocked: Set<DetectionCategory> = []
        for (path, text) in Evaluation.scannedStrings(action) {
            var found: [Finding] = []
            var injectionScore = 0.0
            if let scanner {
                // A param is read with its name (`api_key=…`), so secrets recognisable only by their key are found.
                let result = path == "target" ? scanner.scan(text) : scanner.scan(text, assignedTo: Evaluation.keyName(of: path))
                found = result.findings
                injectionScore = result.injectionScore
            }
            if let tools {
                // `params.options.url` is read by its name (`options.url`); the target by the action type.
                let kind = path == "target"
                    ? ToolArgumentScanner.ArgumentKind.target(ofType: typeKey)
                    : ToolArgumentScanner.kind(forArgument: String(path.dropFirst("params.".count))) ?? .text
                found += tools.scan(text, as: kind, field: path)
            }
            for f in found {
                guard let setting = detectors.setting(for: f.category), f.severity >= setting.minimumSeverity else { continue }
                let finding = DataFinding(
                    path: path, category: f.category.rawValue, kind: f.kind, start: f.start, end: f.end,
                    severity: Risk(f.severity), action: setting.mode.rawValue)
                if let i = findings.firstIndex(where: { $0.path == path && $0.start == f.start && $0.end == f.end && $0.kind == f.kind }) {
                    if DetectorMode(rawValue: findings[i].action)!.rank < setting.mode.rank { findings[i] = finding }
                } else {
                    findings.append(finding)
                }
                if setting.mode == .block && blocked.insert(f.category).inserted {
                    let category = CompiledDetectors.Category.allCases.first { $0.detection == f.category }!
                    var reason = "\(path) contains \(category.noun) (\(f.kind)"
                    if f.category == .injection { reason += ", score \(Evaluation.score(injectionScore))" }
                    reason += ")"
                    add(.deny, Hit(info: setting.info, reason: reason, risk: Risk(f.severity)))
                }
            }
        }
    }

    /// The last member name of a path: `params.headers.Authorization` → `Authorization`,
    /// `params.tokens[2]` → `tokens`. Found in the UTF-8 bytes: searching Characters segmented
    /// the path into graphemes, ~9,000 instructions for `params.command`. (A `.` followed by a
    /// combining mark in a key now counts as a separator too.)
    static func keyName(of path: String) -> String {
        var path = path
        return path.withUTF8 { bytes in
            let end = bytes.firstIndex(of: UInt8(ascii: "[")) ?? bytes.count
            var start = end
            while start > 0 && bytes[start - 1] != UInt8(ascii: ".") { start -= 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
    }

    private static func score(_ s: Double) -> String {
        let hundredths = Int((s * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }

    private static func collectStrings(_ value: PolicyValue, path: String, into out: inout [(String, String)], depth: Int = 0) {
        switch value {
        case .string(let s): out.append((path, s))
        case .array(let items):
            for (i, item) in items.enumerated() { collectStrings(item, path: "\(path)[\(i)]", into: &out, depth: depth + 1) }
        case .object(let map):
            for key in map.keys.sorted() { collectStrings(map[key]!, path: "\(path).\(key)", into: &out, depth: depth + 1) }
        default: break
        }
    }

    // MARK: Resolution

    func finish(_ action: Action) -> Decision {
        // Notes explain allow rules that could not be evaluated; they matter only when no deny
        // or review rule decided (and such rules may have been skipped once one did).
        if let first = denies.first {
            return withFindings(decision(.deny, first, denies, defaultRisk: .high, pending: [], notes: []))
        }
        if let first = reviews.first {
            return withFindings(decision(.requireApproval, first, reviews, defaultRisk: .medium, pending: pending, notes: []))
        }
        if let first = allows.first {
            return withFindings(decision(.allow, first, allows, defaultRisk: .low, pending: pending, notes: notes))
        }
        var reason: String
        let outcome: Decision.Outcome
        let risk: Risk
        var policy: PolicyReference?
        var timeout: Int?
        if let d = strongestDefault {
            outcome = d.effect.outcome
            risk = outcome == .allow ? .low : .medium
            policy = d.info.policy
            timeout = d.effect == .review ? (d.info.approvalTimeoutSeconds ?? shortestApprovalTimeout) : nil
            // The usual default decision: only its reason (which names the type) differs from
            // one built at compile time, and the one made for this type last time is reused (only
            // when every other field is the one the decision below would have).
            if let template = d.info.defaultTemplate, notes.isEmpty, findings.isEmpty,
               outcome == .deny || pending.isEmpty, template.fields.outcome == outcome, template.fields.risk == risk,
               template.fields.approvalTimeoutSeconds == timeout {
                return template.decision(naming: action.type) { Self.defaultReason(action.type, d.info.reason) }
            }
            reason = Self.defaultReason(action.type, d.info.reason)
        } else {
            outcome = .deny
            risk = .medium
            reason = "no rule matched \(action.type) and no applicable policy sets a default; denying (fail closed)"
        }
        if !notes.isEmpty { reason += " (\(notes.joined(separator: "; ")))" }
        return Decision(
            outcome: outcome, reason: reason, rules: ["default"], policy: policy, risk: risk,
            pendingChecks: outcome == .deny ? [] : pending, notes: notes, approvalTimeoutSeconds: timeout, findings: findings)
    }

    /// "no rule matched TYPE; POLICY'S DEFAULT REASON".
    static func defaultReason(_ type: String, _ policyReason: String) -> String {
        var reason = "no rule matched "
        reason.reserveCapacity(16 + type.utf8.count + 2 + policyReason.utf8.count)
        reason += type
        reason += "; "
        reason += policyReason
        return reason
    }

    /// `decision` with the content findings attached (precomputed decisions are copied only
    /// when there are some).
    private func withFindings(_ decision: Decision) -> Decision {
        if findings.isEmpty { return decision }
        var d = decision
        d.findings = findings
        return d
    }

    private func decision(
        _ outcome: Decision.Outcome, _ first: Hit, _ hits: Hits, defaultRisk: Risk, pending: [PendingCheck], notes: [String]
    ) -> Decision {
        // The common case: one rule, its own reason and risk, nothing else to report.
        if hits.count == 1, first.reason == nil, first.risk == first.info.risk, pending.isEmpty, notes.isEmpty,
           outcome != .requireApproval || first.info.approvalTimeoutSeconds != nil || shortestApprovalTimeout == nil {
            return first.info.soleDecision(outcome)
        }
        var risk: Risk? = first.risk
        let rules: [String]
        if hits.count == 1 {
            rules = first.info.ids  // shared, precomputed: no allocation
        } else {
            let all = hits.all
            for h in all { if let r = h.risk, risk == nil || r > risk! { risk = r } }
            var seen: Set<String> = []
            rules = all.compactMap { seen.insert($0.info.id).inserted ? $0.info.id : nil }
        }
        return Decision(
            outcome: outcome, reason: first.text, rules: rules, policy: first.info.policy, risk: risk ?? defaultRisk,
            pendingChecks: pending, notes: notes,
            approvalTimeoutSeconds: outcome == .requireApproval ? (first.info.approvalTimeoutSeconds ?? shortestApprovalTimeout) : nil)
    }
}
