/// The effect a rule has when it applies, strongest first.
enum Effect: String, Sendable {
    case deny, review, allow

    var outcome: Decision.Outcome {
        switch self {
        case .deny: return .deny
        case .review: return .requireApproval
        case .allow: return .allow
        }
    }
}

/// Where a policy applies. Policies cascade: global → org → team → agent → tool.
enum PolicyScope: Sendable, Hashable, CustomStringConvertible {
    case global
    case org(String)
    case team(String)
    case agent(String)
    case tool(String)

    var level: Int {
        switch self {
        case .global: return 0
        case .org: return 1
        case .team: return 2
        case .agent: return 3
        case .tool: return 4
        }
    }

    var description: String {
        switch self {
        case .global: return "global"
        case .org(let v): return "org:\(v)"
        case .team(let v): return "team:\(v)"
        case .agent(let v): return "agent:\(v)"
        case .tool(let v): return "tool:\(v)"
        }
    }
}

/// The fixed identity of a rule, built once at compile time so that a decision can point at it
/// without allocating (`ids` is the one-element array a decision's `rules` reuses).
final class RuleInfo: Sendable {
    let id: String
    let ids: [String]
    let reason: String
    let risk: Risk?
    let policy: PolicyReference
    let approvalTimeoutSeconds: Int?

    init(id: String, reason: String, risk: Risk?, policy: PolicyReference, approvalTimeoutSeconds: Int?) {
        self.id = id
        self.ids = [id]
        self.reason = reason
        self.risk = risk
        self.policy = policy
        self.approvalTimeoutSeconds = approvalTimeoutSeconds
    }
}

enum ConditionOperator: String, Sendable, CaseIterable {
    case eq = "==", ne = "!=", gt = ">", lt = "<", ge = ">=", le = "<="
    case `in` = "in", notIn = "not_in", contains, startsWith = "starts_with", endsWith = "ends_with"
    case regex, exists, notExists = "not_exists"
}

/// One entry of a statement's `conditions` map.
struct CompiledCondition: Sendable {
    var path: FieldPath
    var op: ConditionOperator
    var value: PolicyValue
    var regex: PolicyRegex?

    func test(_ action: Action) -> Truth {
        let actual = path.resolve(in: action)
        switch op {
        case .exists: return Truth(actual != nil)
        case .notExists: return Truth(actual == nil)
        default: break
        }
        // Absent (or null) values satisfy no other operator, as in agsec.
        guard let actual else { return .no }
        let name = path.text
        switch op {
        case .eq: return ValueOperations.equals(name, actual, value)
        case .ne: return ValueOperations.equals(name, actual, value, op: "!=").negated
        case .gt: return ValueOperations.order(name, actual, .gt, value)
        case .lt: return ValueOperations.order(name, actual, .lt, value)
        case .ge: return ValueOperations.order(name, actual, .ge, value)
        case .le: return ValueOperations.order(name, actual, .le, value)
        case .in: return ValueOperations.member(name, actual, in: value)
        case .notIn: return ValueOperations.member(name, actual, in: value, op: "not_in").negated
        case .contains: return ValueOperations.contains(name, actual, value)
        case .startsWith: return ValueOperations.startsWith(name, actual, value)
        case .endsWith: return ValueOperations.endsWith(name, actual, value)
        case .regex: return ValueOperations.regex(name, actual, regex!)
        case .exists, .notExists: fatalError("handled above")
        }
    }
}

extension Truth {
    var negated: Truth {
        switch self {
        case .yes: return .no
        case .no: return .yes
        case .unknown: return self
        }
    }
}

/// An IAM-style statement, compiled.
struct CompiledStatement: Sendable {
    var info: RuleInfo
    var effect: Effect
    var actions: [Glob]
    var targets: [Glob]?
    var conditions: [CompiledCondition]
    var matchAny: Bool
    var when: PolicyExpression?

    /// Does the statement apply? `unknown` when a value had the wrong type to decide.
    func applies(to action: Action) -> Truth {
        if let targets {
            guard let target = action.target else { return .no }
            // A target with a `..` segment never satisfies an allow's target list: `/tmp/**`
            // must not allow `/tmp/../etc/passwd`. Deny and review still see it.
            if effect == .allow && CompiledStatement.hasDotDotSegment(target) { return .no }
            guard targets.contains(where: { $0.matches(target) }) else { return .no }
        }
        var result = Truth.yes
        if !conditions.isEmpty {
            result = matchAny ? CompiledStatement.any(conditions, action) : CompiledStatement.all(conditions, action)
            if result == .no { return .no }
        }
        if let when {
            switch when.evaluate(action) {
            case .success(false): return .no
            case .success(true): break
            case .failure(let e):
                if result == .yes { result = .unknown("when: \(e.message)") }
            }
        }
        return result
    }

    private static func all(_ conditions: [CompiledCondition], _ action: Action) -> Truth {
        var unknown: Truth?
        for c in conditions {
            let t = c.test(action)
            switch t {
            case .no: return .no
            case .unknown: if unknown == nil { unknown = t }
            case .yes: break
            }
        }
        return unknown ?? .yes
    }

    private static func any(_ conditions: [CompiledCondition], _ action: Action) -> Truth {
        var unknown: Truth?
        for c in conditions {
            let t = c.test(action)
            switch t {
            case .yes: return .yes
            case .unknown: if unknown == nil { unknown = t }
            case .no: break
            }
        }
        return unknown ?? .no
    }

    static func hasDotDotSegment(_ path: String) -> Bool {
        guard path.contains("..") else { return false }
        return path.split(whereSeparator: { $0 == "/" || $0 == "\\" }).contains("..")
    }
}

/// `tools.<name>`.
struct CompiledToolRule: Sendable {
    var name: String
    var glob: Glob
    var allow: Bool?
    var allowInfo: RuleInfo
    var limitCheck: PendingCheck?
    var requiresApprovalIf: PolicyExpression?
    var approvalInfo: RuleInfo
}

/// A `capabilities` entry: a fixed capability or an `mcp_tool:` / `model:` glob.
struct CapabilityPattern: Sendable {
    enum Kind: Sendable {
        case fixed(String)
        case mcpTool(Glob)
        case model(Glob)
    }

    var text: String
    var kind: Kind

    static let fixedNames = ["file_read", "file_write", "file_delete", "network_outbound", "network_inbound",
                             "terminal_exec", "agent_spawn"]

    func matches(_ capability: String) -> Bool {
        switch kind {
        case .fixed(let name): return name == capability
        case .mcpTool(let glob):
            guard capability.hasPrefix("mcp_tool:") else { return false }
            return glob.matches(Glob.asciiLowercased(String(capability.dropFirst("mcp_tool:".count))))
        case .model(let glob):
            guard capability.hasPrefix("model:") else { return false }
            return glob.matches(Glob.asciiLowercased(String(capability.dropFirst("model:".count))))
        }
    }
}

struct CompiledCapabilities: Sendable {
    var allow: [CapabilityPattern]?
    var deny: [CapabilityPattern]
    var allowInfo: RuleInfo
    var denyInfo: RuleInfo
}

struct CompiledNetwork: Sendable {
    var allowlist: [NetworkEntry]?
    var denylist: [NetworkEntry]
    var allowInfo: RuleInfo
    var denyInfo: RuleInfo
    var unknownInfo: RuleInfo
}

struct CompiledSensitivePattern: Sendable {
    var regex: PolicyRegex
    var effect: Effect
    var info: RuleInfo
    var name: String
}

struct CompiledBudget: Sendable {
    var appliesTo: [Glob]
    var check: PendingCheck
}

/// One policy document, compiled: immutable and shared by every evaluation.
final class CompiledPolicy: Sendable {
    let reference: PolicyReference
    let scope: PolicyScope
    let defaultEffect: Effect?
    let defaultInfo: RuleInfo?
    let statements: [CompiledStatement]
    /// Lowercased exact action type → indices of every statement whose actions match it
    /// (exact names and globs), in document order. Built at compile time.
    let statementsByType: [String: [Int]]
    /// Statements with at least one wildcard action, for types not in `statementsByType`.
    let wildcardStatements: [Int]
    let tools: [CompiledToolRule]
    let capabilities: CompiledCapabilities?
    let network: CompiledNetwork?
    let schedule: (rule: ScheduleRule, info: [String: RuleInfo])?
    let sensitivePatterns: [CompiledSensitivePattern]
    let budget: CompiledBudget?
    let approvalTimeoutSeconds: Int?

    init(
        reference: PolicyReference, scope: PolicyScope, defaultEffect: Effect?, statements: [CompiledStatement],
        tools: [CompiledToolRule], capabilities: CompiledCapabilities?, network: CompiledNetwork?,
        schedule: ScheduleRule?, sensitivePatterns: [CompiledSensitivePattern], budget: CompiledBudget?,
        approvalTimeoutSeconds: Int?
    ) {
        self.reference = reference
        self.scope = scope
        self.defaultEffect = defaultEffect
        self.defaultInfo = defaultEffect.map { effect in
            RuleInfo(id: "default", reason: "default \(effect.rawValue) from policy '\(reference.name)'",
                     risk: nil, policy: reference, approvalTimeoutSeconds: approvalTimeoutSeconds)
        }
        self.statements = statements
        self.tools = tools
        self.capabilities = capabilities
        self.network = network
        if let schedule {
            self.schedule = (schedule, [
                "schedule.active_hours": RuleInfo(id: "schedule.active_hours", reason: "", risk: nil, policy: reference, approvalTimeoutSeconds: nil),
                "schedule.weekdays": RuleInfo(id: "schedule.weekdays", reason: "", risk: nil, policy: reference, approvalTimeoutSeconds: nil),
            ])
        } else {
            self.schedule = nil
        }
        self.sensitivePatterns = sensitivePatterns
        self.budget = budget
        self.approvalTimeoutSeconds = approvalTimeoutSeconds

        var exactNames: Set<String> = []
        var wildcard: [Int] = []
        for (i, s) in statements.enumerated() {
            var hasWildcard = false
            for g in s.actions {
                if let lit = g.literal { exactNames.insert(lit) } else { hasWildcard = true }
            }
            if hasWildcard { wildcard.append(i) }
        }
        var byType: [String: [Int]] = [:]
        for name in exactNames {
            byType[name] = statements.indices.filter { i in statements[i].actions.contains { $0.matches(name) } }
        }
        self.statementsByType = byType
        self.wildcardStatements = wildcard
    }
}
