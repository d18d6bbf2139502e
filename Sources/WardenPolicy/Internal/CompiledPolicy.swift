#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// The decision this rule gives when it alone decides with its own reason, no notes and no
    /// pending checks, one per outcome — built once so the common case allocates nothing.
    private let soleDeny: Decision
    private let soleReview: Decision
    private let soleAllow: Decision
    /// For a policy's `default` rule: its decision when no rule matched, apart from the reason
    /// (which names the action type); nil for every other rule.
    let defaultTemplate: Decision.ReasonTemplate?

    init(
        id: String, reason: String, risk: Risk?, policy: PolicyReference, approvalTimeoutSeconds: Int?,
        defaultOutcome: Decision.Outcome? = nil
    ) {
        self.id = id
        self.ids = [id]
        self.reason = reason
        self.risk = risk
        self.policy = policy
        self.approvalTimeoutSeconds = approvalTimeoutSeconds
        let ids = [id]
        func make(_ outcome: Decision.Outcome, _ fallback: Risk) -> Decision {
            Decision(outcome: outcome, reason: reason, rules: ids, policy: policy, risk: risk ?? fallback,
                     pendingChecks: [], notes: [],
                     approvalTimeoutSeconds: outcome == .requireApproval ? approvalTimeoutSeconds : nil).withMemoizedJSON()
        }
        soleDeny = make(.deny, .high)
        soleReview = make(.requireApproval, .medium)
        soleAllow = make(.allow, .low)
        defaultTemplate = defaultOutcome.map { outcome in
            Decision.ReasonTemplate(
                outcome: outcome, rules: ids, policy: policy, risk: outcome == .allow ? .low : .medium,
                approvalTimeoutSeconds: outcome == .requireApproval ? approvalTimeoutSeconds : nil)
        }
    }

    func soleDecision(_ outcome: Decision.Outcome) -> Decision {
        switch outcome {
        case .deny: return soleDeny
        case .requireApproval: return soleReview
        case .allow: return soleAllow
        }
    }
}

enum ConditionOperator: String, Sendable, CaseIterable {
    case eq = "==", ne = "!=", gt = ">", lt = "<", ge = ">=", le = "<="
    case `in` = "in", notIn = "not_in", contains, startsWith = "starts_with", endsWith = "ends_with"
    case regex, exists, notExists = "not_exists"
}

/// One entry of a statement's `conditions` map.
///
/// A final class, not a struct: evaluation walks arrays of these on every call, and a class
/// element costs one retain where a struct would retain each of its fields.
final class CompiledCondition: Sendable {
    let path: FieldPath
    let op: ConditionOperator
    let value: PolicyValue
    let regex: PolicyRegex?

    /// For `FastPlan`: the key of a `params.<key>` path when it is ASCII (nil: the fast road
    /// does not test this condition), and the expected value's bytes when it is a string.
    private let flatKey: [UInt8]?
    private let expectedBytes: [UInt8]?
    /// `regex`'s DFA when it has one, held here too: called through optional chaining on this
    /// stored reference, a match retains nothing, where `regex!` copied the whole regex value.
    private let regexDFA: RegexDFA?

    init(path: FieldPath, op: ConditionOperator, value: PolicyValue, regex: PolicyRegex?) {
        self.path = path
        self.op = op
        self.value = value
        self.regex = regex
        if path.root == .params, let key = path.singleKey, key.utf8.allSatisfy({ $0 < 0x80 }) {
            flatKey = Array(key.utf8)
        } else {
            flatKey = nil
        }
        if case .string(let s) = value { expectedBytes = Array(s.utf8) } else { expectedBytes = nil }
        regexDFA = op == .regex ? regex?.dfa : nil
    }

    func test(_ action: Action, _ cache: inout PathCache) -> Truth {
        cache.withValue(path, in: action) { actual in check(copy actual) }
    }

    /// `test` on a flat action: true or false as `test` would answer, nil when `test` would
    /// not answer yes or no (a type mismatch, a regex out of budget) or the path is not one the
    /// fast road reads.
    func test(_ action: FlatAction) -> Bool? {
        guard let flatKey else { return nil }
        let actual = flatKey.withUnsafeBufferPointer { action.param($0) }
        switch actual {
        case .string(let start, let end)?:
            let text = action.text(start, end)
            if let answer = stringTest(text) { return answer }
            return Self.definite(check(.string(String(decoding: text, as: UTF8.self))))
        case .int(let i)?: return Self.definite(check(.int(i)))
        case .double(let d)?: return Self.definite(check(.double(d)))
        case .bool(let b)?: return Self.definite(check(.bool(b)))
        case .null?, nil: return Self.definite(check(nil))
        }
    }

    private static func definite(_ t: Truth) -> Bool? {
        switch t {
        case .yes: return true
        case .no: return false
        case .unknown: return nil
        }
    }

    /// The string operators on a string value's bytes, answering as `check` does on the same
    /// string (every comparison in `ValueOperations` is by bytes): nil for the rest.
    private func stringTest(_ text: UnsafeBufferPointer<UInt8>) -> Bool? {
        switch op {
        case .exists: return true
        case .notExists: return false
        case .regex:
            if let matched = regexDFA?.matches(text) { return matched }
            return try? regex!.matches(utf8: text)
        default: break
        }
        guard let expectedBytes else { return nil }
        return expectedBytes.withUnsafeBufferPointer { e -> Bool? in
            switch op {
            case .eq: return Self.order(text, e) == 0
            case .ne: return Self.order(text, e) != 0
            case .gt: return Self.order(text, e) > 0
            case .lt: return Self.order(text, e) < 0
            case .ge: return Self.order(text, e) >= 0
            case .le: return Self.order(text, e) <= 0
            case .contains: return ValueOperations.contains(text, e)
            case .startsWith: return text.count >= e.count && (e.isEmpty || memcmp(text.baseAddress!, e.baseAddress!, e.count) == 0)
            case .endsWith:
                return text.count >= e.count && (e.isEmpty || memcmp(text.baseAddress! + (text.count - e.count), e.baseAddress!, e.count) == 0)
            case .in, .notIn, .regex, .exists, .notExists: return nil
            }
        }
    }

    /// Byte order, as `ValueOperations.order` compares two strings (`utf8` lexicographically).
    private static func order(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let n = min(a.count, b.count)
        if n > 0 {
            let c = memcmp(a.baseAddress!, b.baseAddress!, n)
            if c != 0 { return c < 0 ? -1 : 1 }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    private func check(_ actual: PolicyValue?) -> Truth {
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

/// Remembers the last path an evaluation looked up. Statements on one action tend to test the
/// same field one after another (`params.command` in every shell rule), so one entry saves
/// most repeated dictionary lookups.
struct PathCache {
    private var id = -1
    private var value: PolicyValue?

    /// Runs `body` on the value at `path` without copying it out of the cache.
    mutating func withValue<R>(_ path: FieldPath, in action: Action, _ body: (borrowing PolicyValue?) -> R) -> R {
        guard path.id >= 0 else { return body(path.resolve(in: action)) }
        if path.id != id {
            id = path.id
            value = path.resolve(in: action)
        }
        return body(value)
    }
}

/// An IAM-style statement, compiled. A final class for the same reason as `CompiledCondition`.
final class CompiledStatement: Sendable {
    let info: RuleInfo
    let effect: Effect
    let actions: [Glob]
    let targets: [Glob]?
    let conditions: [CompiledCondition]
    /// The same conditions as unretained references, kept alive by `conditions`, so the hot
    /// loop can visit them without a retain/release pair each.
    let unmanagedConditions: [Unmanaged<CompiledCondition>]
    let matchAny: Bool
    let when: PolicyExpression?

    init(info: RuleInfo, effect: Effect, actions: [Glob], targets: [Glob]?, conditions: [CompiledCondition],
         matchAny: Bool, when: PolicyExpression?) {
        self.info = info
        self.effect = effect
        self.actions = actions
        self.targets = targets
        self.conditions = conditions
        self.unmanagedConditions = conditions.map { Unmanaged.passUnretained($0) }
        self.matchAny = matchAny
        self.when = when
    }

    /// Does the statement apply? `unknown` when a value had the wrong type to decide.
    func applies(to action: Action, cache: inout PathCache) -> Truth {
        if let targets {
            guard let target = action.target else { return .no }
            // A target with a `..` segment never satisfies an allow's target list: `/tmp/**`
            // must not allow `/tmp/../etc/passwd`. Deny and review still see it.
            if effect == .allow && CompiledStatement.hasDotDotSegment(target) { return .no }
            guard targets.contains(where: { $0.matches(target) }) else { return .no }
        }
        var result = Truth.yes
        if !conditions.isEmpty {
            result = matchAny ? CompiledStatement.any(unmanagedConditions, action, &cache) : CompiledStatement.all(unmanagedConditions, action, &cache)
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

    private static func all(_ conditions: [Unmanaged<CompiledCondition>], _ action: Action, _ cache: inout PathCache) -> Truth {
        var unknown: Truth?
        // Iterating the buffer spares a retain/release per element on this hot path.
        return conditions.withUnsafeBufferPointer { buffer in
        for c in buffer {
            let t = c._withUnsafeGuaranteedRef { $0.test(action, &cache) }
            switch t {
            case .no: return .no
            case .unknown: if unknown == nil { unknown = t }
            case .yes: break
            }
        }
        return unknown ?? .yes
        }
    }

    private static func any(_ conditions: [Unmanaged<CompiledCondition>], _ action: Action, _ cache: inout PathCache) -> Truth {
        var unknown: Truth?
        for c in conditions {
            let t = c._withUnsafeGuaranteedRef { $0.test(action, &cache) }
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
    /// Lowercased exact action type → every statement whose actions match it (exact names and
    /// globs), in document order. Built at compile time so evaluation does one lookup.
    ///
    /// Stored as unretained references (the statements are kept alive by `statements`) so the
    /// hot loop does not retain and release each one.
    let statementsByType: TypeTable<[Unmanaged<CompiledStatement>]>
    /// Statements with at least one wildcard action, for types not in `statementsByType`.
    let wildcardStatements: [Unmanaged<CompiledStatement>]
    let tools: [CompiledToolRule]
    let capabilities: CompiledCapabilities?
    let network: CompiledNetwork?
    let schedule: (rule: ScheduleRule, info: [String: RuleInfo])?
    let sensitivePatterns: [CompiledSensitivePattern]
    /// `data.pii | secrets | injection`: nil when the policy scans for none of them.
    let detectors: CompiledDetectors?
    let budget: CompiledBudget?
    let approvalTimeoutSeconds: Int?

    init(
        reference: PolicyReference, scope: PolicyScope, defaultEffect: Effect?, statements: [CompiledStatement],
        tools: [CompiledToolRule], capabilities: CompiledCapabilities?, network: CompiledNetwork?,
        schedule: ScheduleRule?, sensitivePatterns: [CompiledSensitivePattern], detectors: CompiledDetectors?, budget: CompiledBudget?,
        approvalTimeoutSeconds: Int?
    ) {
        self.reference = reference
        self.scope = scope
        self.defaultEffect = defaultEffect
        self.defaultInfo = defaultEffect.map { effect in
            RuleInfo(id: "default", reason: "default \(effect.rawValue) from policy '\(reference.name)'",
                     risk: nil, policy: reference, approvalTimeoutSeconds: approvalTimeoutSeconds, defaultOutcome: effect.outcome)
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
        self.detectors = detectors
        self.budget = budget
        self.approvalTimeoutSeconds = approvalTimeoutSeconds

        var exactNames: Set<String> = []
        var wildcard: [CompiledStatement] = []
        for s in statements {
            var hasWildcard = false
            for g in s.actions {
                if let lit = g.literal { exactNames.insert(lit) } else { hasWildcard = true }
            }
            if hasWildcard { wildcard.append(s) }
        }
        // Deny statements first, then review, then allow (document order within each): once a
        // deny has applied, later review and allow statements cannot change the outcome and
        // evaluation skips them.
        func strongestFirst(_ list: [CompiledStatement]) -> [CompiledStatement] {
            list.filter { $0.effect == .deny } + list.filter { $0.effect == .review } + list.filter { $0.effect == .allow }
        }
        self.statementsByType = TypeTable(exactNames.sorted().map { name in
            (name, strongestFirst(statements.filter { $0.actions.contains { $0.matches(name) } }).map { Unmanaged.passUnretained($0) })
        })
        self.wildcardStatements = strongestFirst(wildcard).map { Unmanaged.passUnretained($0) }
    }
}
