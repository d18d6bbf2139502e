/// A compiled, immutable policy set: validate once, then evaluate actions from any number of
/// threads at once.
///
/// ```swift
/// let engine = try PolicyEngine(sources: [PolicySource(name: "bash.yaml", text: yaml)])
/// let decision = engine.evaluate(Action(type: "bash.execute", params: ["command": "rm -rf /"]))
/// decision.outcome  // .deny
/// ```
///
/// How a decision is made (docs/policy.md has the full story): every policy whose scope applies
/// to the action contributes rules; any deny wins, then require-approval, then allow, then the
/// strongest default among the applicable policies (deny when none sets one); when no policy
/// applies at all the answer is deny.
public struct PolicyEngine: Sendable {
    /// The compiled policies by scope, behind one reference: an engine copied out of a lock or
    /// a handle table for each check costs one retain and one release, not one per index.
    private let index: Index

    private final class Index: Sendable {
        let global: [CompiledPolicy]
        let byOrg: [String: [CompiledPolicy]]
        let byTeam: [String: [CompiledPolicy]]
        let byAgent: [String: [CompiledPolicy]]
        let byTool: [String: [CompiledPolicy]]
        let policies: [PolicySummary]
        /// The fast road for flat actions, when these policies allow one.
        let fast: FastPlan?

        init(_ compiled: [CompiledPolicy]) {
            var global: [CompiledPolicy] = []
            var byOrg: [String: [CompiledPolicy]] = [:], byTeam = byOrg, byAgent = byOrg, byTool = byOrg
            for p in compiled {
                switch p.scope {
                case .global: global.append(p)
                case .org(let id): byOrg[id, default: []].append(p)
                case .team(let id): byTeam[id, default: []].append(p)
                case .agent(let id): byAgent[id, default: []].append(p)
                case .tool(let name): byTool[Glob.asciiLowercased(name), default: []].append(p)
                }
            }
            self.global = global
            self.byOrg = byOrg
            self.byTeam = byTeam
            self.byAgent = byAgent
            self.byTool = byTool
            self.policies = compiled.map {
                PolicySummary(reference: $0.reference, scope: $0.scope.description, statementCount: $0.statements.count)
            }
            self.fast = FastPlan(
                global: global, hasScopedPolicies: !byOrg.isEmpty || !byTeam.isEmpty || !byAgent.isEmpty || !byTool.isEmpty)
        }
    }

    /// Every loaded policy, in load order.
    public var policies: [PolicySummary] { index.policies }

    /// Validates and compiles `sources` (in the order given; a directory loads in file-name order).
    ///
    /// - Throws: `PolicyLoadError` with every problem found across all sources.
    public init(sources: [PolicySource]) throws(PolicyLoadError) {
        let compiler = PolicyCompiler()
        for source in sources { compiler.compile(source) }
        if compiler.diagnostics.isEmpty && compiler.policies.isEmpty {
            throw PolicyLoadError(diagnostics: [PolicyDiagnostic(
                file: sources.first?.name ?? "(no sources)", path: "",
                message: sources.isEmpty ? "no policy files given" : "no policy documents found")])
        }
        guard compiler.diagnostics.isEmpty else { throw PolicyLoadError(diagnostics: compiler.diagnostics) }
        var names: [String: PolicyReference] = [:]
        var duplicates: [PolicyDiagnostic] = []
        for p in compiler.policies {
            if names[p.reference.name] != nil {
                duplicates.append(PolicyDiagnostic(file: "(policy set)", path: "", message: "two policies are named '\(p.reference.name)'; policy names must be unique"))
            }
            names[p.reference.name] = p.reference
        }
        guard duplicates.isEmpty else { throw PolicyLoadError(diagnostics: duplicates) }
        self.init(compiled: compiler.policies)
    }

    /// Compiles policy text given directly (one source).
    public init(yaml text: String, name: String = "policy.yaml") throws(PolicyLoadError) {
        try self.init(sources: [PolicySource(name: name, text: text)])
    }

    /// Validates `sources` without keeping the result.
    /// - Returns: every problem found; empty when the set is valid.
    public static func validate(_ sources: [PolicySource]) -> [PolicyDiagnostic] {
        do {
            _ = try PolicyEngine(sources: sources)
            return []
        } catch {
            return error.diagnostics
        }
    }

    private init(compiled: [CompiledPolicy]) {
        index = Index(compiled)
    }

    /// Decides one action.
    ///
    /// - Parameters:
    ///   - action: what the agent wants to do.
    ///   - unixSeconds: the wall-clock time for `schedule` rules; defaults to now.
    /// - Returns: the decision; evaluation never throws and never traps on any input.
    public func evaluate(_ action: Action, at unixSeconds: Int64? = nil) -> Decision {
        // Plain loops, no helper closure: a closure would capture (copy and retain) the action.
        var run = Evaluation(type: action.type, unixSeconds: unixSeconds)
        var applied = index.global.count
        for p in index.global { run.contribute(p, action) }
        if let org = action.agent.org, let list = index.byOrg[org] {
            applied += list.count
            for p in list { run.contribute(p, action) }
        }
        if let team = action.agent.team, let list = index.byTeam[team] {
            applied += list.count
            for p in list { run.contribute(p, action) }
        }
        if let id = action.agent.id, let list = index.byAgent[id] {
            applied += list.count
            for p in list { run.contribute(p, action) }
        }
        if !index.byTool.isEmpty {
            let toolName = run.toolName(of: action)
            if let list = index.byTool[toolName] {
                applied += list.count
                for p in list { run.contribute(p, action) }
            }
            if run.typeKey != toolName, let list = index.byTool[run.typeKey] {
                applied += list.count
                for p in list { run.contribute(p, action) }
            }
        }
        if applied == 0 {
            let toolName = run.toolName(of: action)
            return Decision(
                outcome: .deny,
                reason: "no policy applies to this action: there is no global policy and none for \(describeScopes(action, toolName: toolName)); denying (fail closed)",
                rules: ["no_policy"], policy: nil, risk: .high, pendingChecks: [], notes: [], approvalTimeoutSeconds: nil)
        }
        return run.finish(action)
    }

    /// The decision for an action given as JSON text (valid UTF-8), as JSON text: the same
    /// bytes as `evaluate(Action(json:), at:).jsonText`, reached without building the action
    /// when it is a flat one and the policies are statements (see `FastPlan`).
    ///
    /// - Throws: `ActionParseError`, as `Action(json:)` does.
    package func decisionJSON(validUTF8 bytes: UnsafeBufferPointer<UInt8>, at unixSeconds: Int64? = nil) throws(ActionParseError) -> String {
        try decision(validUTF8: bytes, at: unixSeconds).jsonText
    }

    /// `decisionJSON(validUTF8:at:)` as the Decision, for callers that also want its `serial`.
    package func decision(validUTF8 bytes: UnsafeBufferPointer<UInt8>, at unixSeconds: Int64? = nil) throws(ActionParseError) -> Decision {
        if let decision = index.fast?.decision(bytes) { return decision }
        return evaluate(try Action(validUTF8: bytes), at: unixSeconds)
    }

    /// The fast road's answer alone (nil when it leaves the action to the full path), for tests.
    package func fastDecision(validUTF8 bytes: UnsafeBufferPointer<UInt8>) -> Decision? {
        index.fast?.decision(bytes)
    }

    private func describeScopes(_ action: Action, toolName: String) -> String {
        var parts: [String] = []
        if let org = action.agent.org { parts.append("org '\(org)'") }
        if let team = action.agent.team { parts.append("team '\(team)'") }
        if let id = action.agent.id { parts.append("agent '\(id)'") }
        parts.append("tool '\(toolName)'")
        return parts.joined(separator: ", ")
    }
}

/// What `PolicyEngine.policies` reports about each loaded policy.
public struct PolicySummary: Sendable, Hashable {
    /// Name and version.
    public var reference: PolicyReference
    /// `global`, `org:<id>`, `team:<id>`, `agent:<id>` or `tool:<name>`.
    public var scope: String
    /// How many statements the policy has.
    public var statementCount: Int
}
