import Foundation
import Synchronization
import WardenCrypto
import WardenPolicy
import WardenStore

/// How the gateway enforces what the stateless engine cannot: approvals, rate limits and budgets.
public struct GovernanceConfiguration: Sendable {
    /// How long an approval stays pending when the deciding policies set no `approval.timeout_seconds`.
    public var defaultApprovalTimeout: Int64 = 900
    /// After an approval, how long the one allowed retry of the same action stays available.
    public var grantTTL: Int64 = 3600
    /// Prices for `llm_call` events.
    public var pricing = PricingTable()
    /// Where approval notifications are POSTed.
    public var webhooks: [WebhookTarget] = []

    public init() {}
}

/// Per-model prices for `llm_call` events, in US dollars per 1,000 tokens.
///
/// The cost of an event: the table's price when the model is in it (the gateway's own price wins
/// over what the agent reports); else the `cost_usd` the agent reported, when above zero; else
/// `unknownModel` when set; else the highest input and output prices in the table (an unknown
/// model is priced as the most expensive known one); else zero (its tokens still count).
public struct PricingTable: Sendable, Hashable {
    public struct Price: Sendable, Hashable {
        public var inputPer1K: Double
        public var outputPer1K: Double

        public init(inputPer1K: Double, outputPer1K: Double) {
            self.inputPer1K = inputPer1K
            self.outputPer1K = outputPer1K
        }

        func cost(input: Int64, output: Int64) -> Double {
            Double(input) / 1000 * inputPer1K + Double(output) / 1000 * outputPer1K
        }
    }

    /// By model name, lower case.
    public var models: [String: Price] = [:]
    public var unknownModel: Price?

    public init(models: [String: Price] = [:], unknownModel: Price? = nil) {
        self.models = Dictionary(models.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        self.unknownModel = unknownModel
    }

    /// The price used for `model` when it is not in the table and the agent reported no cost.
    var fallback: Price? {
        if let unknownModel { return unknownModel }
        guard !models.isEmpty else { return nil }
        return Price(inputPer1K: models.values.map(\.inputPer1K).max()!, outputPer1K: models.values.map(\.outputPer1K).max()!)
    }

    /// The cost in US dollars of an `llm_call` event, and where it came from.
    public func cost(model: String, inputTokens: Int64, outputTokens: Int64, reportedUSD: Double) -> (usd: Double, source: String) {
        if let price = models[model.lowercased()] { return (price.cost(input: inputTokens, output: outputTokens), "pricing") }
        if reportedUSD > 0 { return (reportedUSD, "reported") }
        if let price = fallback { return (price.cost(input: inputTokens, output: outputTokens), "fallback") }
        return (0, "none")
    }
}

/// What identifies "the same action" for an approval's one allowed retry: the agent plus a
/// SHA-256 over the action's type, target and params (canonical JSON, keys sorted). Context is
/// not part of it (it carries things like timestamps and session ids that change per call).
public enum ActionFingerprint {
    public static func of(type: String, target: String?, params: [String: PolicyValue]) -> String {
        let canonical = PolicyValue.object(["type": .string(type), "target": target.map(PolicyValue.string) ?? .null, "params": .object(params)]).jsonText
        return Hex.encode(Digest.sha256(canonical))
    }
}

/// The gateway's stateful checks around the engine's decision, all in one atomic transaction
/// of the governance store.
final class Governance: Sendable {
    let store: GovernanceStore
    let configuration: GovernanceConfiguration

    init(store: GovernanceStore, configuration: GovernanceConfiguration) {
        self.store = store
        self.configuration = configuration
    }

    /// The decision after governance, and what else happened.
    struct Outcome {
        var decision: Decision
        /// For require_approval: the pending approval (new or the one already waiting).
        var approval: ApprovalRecord?
        /// A new approval was created, or a granted one was used.
        var created = false
        var consumed = false
        /// A budget with `action_on_exceed: suspend` was exceeded: suspend the agent with this reason.
        var suspendReason: String?
    }

    /// Applies rate limits, budgets and approvals to `decision`. Checks and reservations happen
    /// in one transaction: concurrent checks cannot both take the last slot.
    func apply(
        _ decision: Decision, action: Action, agent: AgentRecord, decisionID: String, actionSummary: String, now: Int64, nowMs: Int64
    ) throws(StoreError) -> Outcome {
        var result = Outcome(decision: decision)
        if decision.outcome == .deny || (decision.outcome == .allow && decision.pendingChecks.isEmpty) { return result }
        let fingerprint = decision.outcome == .requireApproval
            ? ActionFingerprint.of(type: action.type, target: action.target, params: action.params) : ""
        try store.transaction { (s: inout GovernanceStore.Session) throws(StoreError) in
            let grant = decision.outcome == .requireApproval ? try s.usableGrant(agent: agent.id, fingerprint: fingerprint, now: now) : nil
            var rateRules: [String] = []
            var reserve = SpendTotals()
            var reserveNeeded = false
            for check in decision.pendingChecks {
                let refusal: Refusal?
                switch check.kind {
                case "rate_limit":
                    let rule = "\(check.policy.name)/\(check.rule)"
                    refusal = try rateLimit(check, rule: rule, agent: agent, nowMs: nowMs, in: &s)
                    if refusal == nil { rateRules.append(rule) }
                case "budget":
                    switch Self.estimate(action: action, pricing: configuration.pricing) {
                    case .failure(let bad):
                        refusal = Refusal(reason: bad.message, rule: check.rule, suspend: false)
                    case .success(let estimate):
                        refusal = try budget(check, estimate: estimate, agent: agent, now: now, in: &s)
                        reserve = estimate
                        reserveNeeded = true
                    }
                default:
                    // Fail closed: a check this gateway does not know how to enforce denies.
                    refusal = Refusal(reason: "pending check '\(check.kind)' (\(check.rule)) is not enforced by this gateway", rule: check.rule, suspend: false)
                }
                if let refusal {
                    result.decision = Self.denied(decision, refusal)
                    if refusal.suspend { result.suspendReason = "budget exceeded: \(refusal.reason)" }
                    return
                }
            }
            guard decision.outcome == .allow || grant != nil else {
                // Still needs a human: reuse the approval already waiting for this action, or ask.
                if let pending = try s.latestApproval(agent: agent.id, fingerprint: fingerprint, state: .pending), pending.expiresAt > now {
                    result.approval = pending
                    return
                }
                let timeout = decision.approvalTimeoutSeconds.map(Int64.init) ?? configuration.defaultApprovalTimeout
                let approval = ApprovalRecord(
                    id: "apr_" + Base64URL.encode(RandomBytes.identifier(12)), agentID: agent.id, state: .pending,
                    fingerprint: fingerprint, actionType: action.type, actionJSON: actionSummary, rules: decision.rules,
                    reason: decision.reason, risk: decision.risk.rawValue, policyName: decision.policy?.name ?? "",
                    policyVersion: decision.policy?.version ?? "", decisionID: decisionID, createdAt: now, expiresAt: now + timeout)
                try s.insert(approval)
                result.approval = approval
                result.created = true
                return
            }
            for rule in rateRules { try s.recordRateCall(rule: rule, agent: agent.id, at: nowMs) }
            if reserveNeeded && (reserve.microUSD > 0 || reserve.tokens > 0) {
                try s.addSpend(reserve, at: now, agent: agent.id, team: agent.team, org: agent.org, decisionID: decisionID, settled: false)
            }
            if var grant {
                grant.consumedAt = now
                grant.consumedDecisionID = decisionID
                try s.update(grant)
                var allowed = decision
                allowed.outcome = .allow
                allowed.reason = "approved by \(grant.decidedBy ?? "an admin") (approval \(grant.id)): \(decision.reason)"
                allowed.rules = decision.rules + ["approval:\(grant.id)"]
                allowed.approvalTimeoutSeconds = nil
                result.decision = allowed
                result.approval = grant
                result.consumed = true
            }
        }
        return result
    }

    struct Refusal {
        var reason: String
        var rule: String
        var suspend: Bool
    }

    static func denied(_ decision: Decision, _ refusal: Refusal) -> Decision {
        var d = decision
        d.outcome = .deny
        d.reason = refusal.reason
        d.rules = [refusal.rule]
        d.risk = max(decision.risk, .high)
        d.approvalTimeoutSeconds = nil
        return d
    }

    // MARK: Rate limits

    private func rateLimit(
        _ check: PendingCheck, rule: String, agent: AgentRecord, nowMs: Int64, in s: inout GovernanceStore.Session
    ) throws(StoreError) -> Refusal? {
        guard let limit = check.settings["limit"]?.integer, limit > 0,
              let window = check.settings["window_seconds"]?.integer, window > 0 else {
            return Refusal(reason: "rate limit \(check.rule) has invalid settings", rule: check.rule, suspend: false)
        }
        let key = check.settings["key"]?.stringValue ?? check.rule
        let calls = try s.rateCalls(rule: rule, agent: agent.id, since: nowMs - window * 1000)
        guard calls.count >= limit else { return nil }
        // The call that has to leave the window before another fits.
        let nextAt = calls[calls.count - Int(limit)] + window * 1000
        let per = window == 3600 ? "per hour" : "per \(window) seconds"
        return Refusal(
            reason: "rate limit of \(limit) calls \(per) for \(key) reached (policy '\(check.policy.name)'): \(calls.count) in the last \(window == 3600 ? "hour" : "\(window) seconds"); the next call is allowed at \(Self.iso(milliseconds: nextAt))",
            rule: check.rule, suspend: false)
    }

    // MARK: Budgets

    struct InvalidEstimate: Error {
        var message: String
    }

    /// What an allowed check reserves against budgets, from the action's params:
    /// `estimated_cost_usd` (dollars) and `estimated_tokens`; without a cost, priced from
    /// `params.model` and the tokens at the model's higher (input or output) price.
    static func estimate(action: Action, pricing: PricingTable) -> Result<SpendTotals, InvalidEstimate> {
        var totals = SpendTotals()
        if let tokens = action.params["estimated_tokens"] {
            guard let n = tokens.integer, n >= 0 else {
                return .failure(InvalidEstimate(message: "params.estimated_tokens must be a whole number >= 0, got \(tokens.jsonText)"))
            }
            totals.tokens = n
        }
        if let cost = action.params["estimated_cost_usd"] {
            guard let usd = cost.number, usd >= 0, usd.isFinite, usd < 1e12 else {
                return .failure(InvalidEstimate(message: "params.estimated_cost_usd must be a number >= 0, got \(cost.jsonText)"))
            }
            totals.microUSD = microUSD(usd)
        } else if totals.tokens > 0, let model = action.params["model"]?.stringValue {
            if let price = pricing.models[model.lowercased()] ?? pricing.fallback {
                totals.microUSD = microUSD(Double(totals.tokens) / 1000 * max(price.inputPer1K, price.outputPer1K))
            }
        }
        return .success(totals)
    }

    static func microUSD(_ usd: Double) -> Int64 { Int64((usd * 1_000_000).rounded()) }

    /// One limit of a budget as it stands for `agent` now.
    struct BudgetLimit {
        var subject: SpendSubject
        var period: String
        var metric: String
        var limit: Double
        var used: Double
        var resetsAt: Int64
        var timezone: String
        var onExceed: String
    }

    /// Whose spending a budget counts for `agent`: with `per: agent | team | org` that share of
    /// the scope; otherwise the policy's scope (global and tool: scopes count everyone).
    static func subject(_ settings: PolicyValue, agent: AgentRecord) -> SpendSubject {
        switch settings["per"]?.stringValue {
        case "agent": return .agent(agent.id)
        case "team": return agent.team.map(SpendSubject.team) ?? .agent(agent.id)
        case "org": return agent.org.map(SpendSubject.org) ?? .agent(agent.id)
        default: break
        }
        let scope = settings["scope"]?.stringValue ?? "global"
        if scope.hasPrefix("org:") { return .org(String(scope.dropFirst(4))) }
        if scope.hasPrefix("team:") { return .team(String(scope.dropFirst(5))) }
        if scope.hasPrefix("agent:") { return .agent(String(scope.dropFirst(6))) }
        return .all
    }

    /// The limits of one budget check, with what has been used in their current periods.
    func limits(_ check: PendingCheck, agent: AgentRecord, now: Int64, in s: inout GovernanceStore.Session) throws(StoreError) -> [BudgetLimit] {
        let settings = check.settings
        let zoneName = settings["timezone"]?.stringValue ?? "UTC"
        let zone = TimeZone(identifier: zoneName) ?? TimeZone(identifier: "UTC")!
        let subject = Self.subject(settings, agent: agent)
        let onExceed = settings["action_on_exceed"]?.stringValue ?? "deny"
        var out: [BudgetLimit] = []
        for (period, component) in [("day", Calendar.Component.day), ("month", .month)] {
            let (start, end) = Self.period(component, containing: now, in: zone)
            let keys = period == "day" ? ("daily_limit_usd", "daily_token_limit") : ("monthly_limit_usd", "monthly_token_limit")
            let usd = settings[keys.0]?.number
            let tokens = settings[keys.1]?.number
            guard usd != nil || tokens != nil else { continue }
            let spent = try s.spent(by: subject, since: start)
            if let usd {
                out.append(BudgetLimit(subject: subject, period: period, metric: "usd", limit: usd, used: Double(spent.microUSD) / 1_000_000,
                                       resetsAt: end, timezone: zoneName, onExceed: onExceed))
            }
            if let tokens {
                out.append(BudgetLimit(subject: subject, period: period, metric: "tokens", limit: tokens, used: Double(spent.tokens),
                                       resetsAt: end, timezone: zoneName, onExceed: onExceed))
            }
        }
        return out
    }

    private func budget(
        _ check: PendingCheck, estimate: SpendTotals, agent: AgentRecord, now: Int64, in s: inout GovernanceStore.Session
    ) throws(StoreError) -> Refusal? {
        for limit in try limits(check, agent: agent, now: now, in: &s) {
            let extra = limit.metric == "usd" ? Double(estimate.microUSD) / 1_000_000 : Double(estimate.tokens)
            let reached = limit.used >= limit.limit
            guard reached || (extra > 0 && limit.used + extra > limit.limit) else { continue }
            let name = limit.period == "day" ? "daily" : "monthly"
            let what = limit.metric == "usd" ? "\(name) budget of \(Self.dollars(limit.limit))" : "\(name) token budget of \(Int64(limit.limit)) tokens"
            let used = limit.metric == "usd" ? Self.dollars(limit.used) : "\(Int64(limit.used)) tokens"
            let state = reached
                ? "reached: \(used) used"
                : "would be exceeded: \(used) used + \(limit.metric == "usd" ? Self.dollars(extra) : "\(Int64(extra)) tokens") estimated"
            return Refusal(
                reason: "\(what) for \(limit.subject) \(state) (policy '\(check.policy.name)'); resets at \(GatewayCore.iso(limit.resetsAt)) (\(limit.timezone))",
                rule: check.rule, suspend: limit.onExceed == "suspend")
        }
        return nil
    }

    /// The start and end (Unix seconds) of the day or month containing `now` in `zone`.
    static func period(_ component: Calendar.Component, containing now: Int64, in zone: TimeZone) -> (Int64, Int64) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let date = Date(timeIntervalSince1970: TimeInterval(now))
        guard let interval = calendar.dateInterval(of: component, for: date) else { return (now, now + 86_400) }
        return (Int64(interval.start.timeIntervalSince1970), Int64(interval.end.timeIntervalSince1970))
    }

    // MARK: Spending from events

    /// One reported LLM call (an `llm_call` event), by `agent`, received at `at` (Unix seconds).
    struct LLMCall {
        var model: String
        var inputTokens: Int64
        var outputTokens: Int64
        var reportedUSD: Double
        var decisionID: String?
        var agent: AgentRecord
        var at: Int64
    }

    /// Adds the tokens and cost (priced per `PricingTable`) of `calls`, in one transaction. A
    /// call with the id of the check that allowed it replaces that check's reservation.
    ///
    /// Calls without a decision id by the same agent and model received in the same second are
    /// written as one ledger row holding their sum: budgets only ever sum the ledger, so the
    /// totals are the same and a batch of an agent's calls costs one insert instead of hundreds.
    func recordLLMCalls(_ calls: [LLMCall]) throws(StoreError) {
        struct Unlinked: Hashable {
            var agent: String, team: String?, org: String?, model: String, at: Int64
        }
        var linked: [(call: LLMCall, amount: SpendTotals)] = []
        var unlinked: [(key: Unlinked, amount: SpendTotals)] = []
        var index: [Unlinked: Int] = [:]
        for c in calls {
            let usd = configuration.pricing.cost(model: c.model, inputTokens: c.inputTokens, outputTokens: c.outputTokens, reportedUSD: c.reportedUSD).usd
            let amount = SpendTotals(microUSD: Self.microUSD(min(usd, 1e12)), tokens: Self.saturatingSum(c.inputTokens, c.outputTokens))
            if c.decisionID != nil {
                linked.append((c, amount))
                continue
            }
            let key = Unlinked(agent: c.agent.id, team: c.agent.team, org: c.agent.org, model: c.model, at: c.at)
            if let i = index[key] {
                unlinked[i].amount = SpendTotals(
                    microUSD: Self.saturatingSum(unlinked[i].amount.microUSD, amount.microUSD),
                    tokens: Self.saturatingSum(unlinked[i].amount.tokens, amount.tokens))
            } else {
                index[key] = unlinked.count
                unlinked.append((key, amount))
            }
        }
        try store.transaction { (s: inout GovernanceStore.Session) throws(StoreError) in
            for (call, amount) in linked {
                let agent = call.agent
                if let id = call.decisionID, try s.settle(decisionID: id, agent: agent.id, actual: amount, model: call.model) { continue }
                try s.addSpend(amount, at: call.at, agent: agent.id, team: agent.team, org: agent.org, decisionID: call.decisionID, settled: true, model: call.model)
            }
            for (key, amount) in unlinked {
                try s.addSpend(amount, at: key.at, agent: key.agent, team: key.team, org: key.org, decisionID: nil, settled: true, model: key.model)
            }
        }
    }

    /// `a + b`, held at `Int64.max` instead of wrapping (an absurd amount must still exceed every budget).
    static func saturatingSum(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? .max : .min) : sum
    }

    // MARK: Text

    static func dollars(_ usd: Double) -> String {
        String(format: "$%.2f", usd)
    }

    /// Milliseconds rounded up to the second, in `GatewayCore.iso`'s form.
    static func iso(milliseconds: Int64) -> String {
        GatewayCore.iso((milliseconds + 999) / 1000)
    }
}

extension PolicyValue {
    /// The value as a whole number, if it is one.
    var integer: Int64? {
        switch self {
        case .int(let n): return n
        case .double(let d) where d.rounded() == d && abs(d) < 9e15: return Int64(d)
        default: return nil
        }
    }

    /// The value as a number, if it is one.
    var number: Double? {
        switch self {
        case .int(let n): return Double(n)
        case .double(let d): return d
        default: return nil
        }
    }
}
