import Foundation
import Logging
import Synchronization
import WardenCrypto
import WardenPolicy
import WardenPolicyFiles
import WardenProto
import WardenStore

/// The gateway's behaviour, independent of gRPC: registration, authentication, decisions and
/// event recording, all written to the audit log. `WardenServer`'s routes adapt it to the wire.
public final class GatewayCore: Sendable {
    /// How the gateway runs.
    public struct Configuration: Sendable {
        /// Holds `gateway.db`, `governance.db`, `audit.db`, `audit.key` and `signing-keys/`.
        public var dataDirectory: String
        /// The `iss` of issued tokens, checked on every verification.
        public var issuer: String = "warden"
        /// Lifetime of agent tokens, in seconds (default one hour).
        public var tokenTTL: Int64 = 3600
        /// Where `reloadPolicies()` reads policies from (files or directories).
        public var policyPaths: [String] = []
        /// Where internal failures are logged (their details never reach callers). Defaults to
        /// discarding; `warden serve` passes its own.
        public var logger = Logger(label: "warden.gateway", factory: { _ in SwiftLogNoOpLogHandler() })
        /// How far a decision's audit entry is committed before the decision is returned.
        /// `.normal` (default): written to SQLite's WAL, which survives the gateway crashing or
        /// being killed but not a power loss before the next fsync (every event acknowledgement
        /// and admin change is fsync'd, and makes the decisions before it durable too).
        /// `.full`: fsync'd before answering, at the cost of one fsync in every decision's latency.
        public var decisionDurability: AuditDurability = .normal
        /// Wall clock in Unix seconds; injectable for tests.
        public var clock: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
        /// Approvals, rate limits, budgets and webhooks.
        public var governance = GovernanceConfiguration()

        public init(dataDirectory: String) {
            self.dataDirectory = dataDirectory
        }
    }

    public let configuration: Configuration
    public let registry: AgentRegistry
    public let audit: AuditStore
    private let writer: AuditWriter
    private let keys: Mutex<KeyRing>
    /// Tokens whose signature and claims already verified, so the Ed25519 check (tens of
    /// microseconds) runs once per token rather than once per call. Expiry, not-before and the
    /// agent's state are still checked on every call; the cache is emptied when keys change.
    private let verifiedTokens = Mutex<[String: AgentTokenClaims]>([:])
    static let verifiedTokenCacheLimit = 10_000
    /// Redacts what decisions and events write to the audit log (one shared instance).
    static let redactor = AuditRedactor()
    private let engine: Mutex<PolicyEngine>
    let governance: Governance
    /// Pending approvals: waiting callers, expiry and notifications.
    public let approvals: ApprovalService

    /// Opens (creating when needed) the data directory and serves decisions from `engine`.
    public init(configuration: Configuration, engine: PolicyEngine) throws(StoreError) {
        self.configuration = configuration
        let dir = configuration.dataDirectory
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError(code: .io, message: "cannot create data directory '\(dir)': \(error.localizedDescription)")
        }
        func path(_ name: String) -> String { (dir as NSString).appendingPathComponent(name) }
        registry = try AgentRegistry(path: path("gateway.db"))
        audit = try AuditStore(configuration: .init(path: path("audit.db"), key: try SecretFile.loadOrCreateKey(at: path("audit.key"))))
        writer = AuditWriter(store: audit)
        keys = Mutex(try KeyRing.loadOrCreate(directory: path("signing-keys"), now: configuration.clock()))
        self.engine = Mutex(engine)
        let governanceStore = try GovernanceStore(path: path("governance.db"))
        governance = Governance(store: governanceStore, configuration: configuration.governance)
        approvals = ApprovalService(
            store: governanceStore, configuration: configuration.governance, writer: writer, logger: configuration.logger,
            clock: configuration.clock)
    }

    /// The policy set in force.
    public var policies: PolicyEngine { engine.withLock { $0 } }

    /// Replaces the policy set (the caller has already validated it).
    public func replacePolicies(_ new: PolicyEngine) { engine.withLock { $0 = new } }

    /// The public keys that verify agent tokens.
    public var jwks: JWKS { keys.withLock { $0.jwks } }

    /// Re-reads the signing keys (after `warden keys rotate`).
    public func reloadKeys() throws(StoreError) {
        let ring = try KeyRing.load(directory: (configuration.dataDirectory as NSString).appendingPathComponent("signing-keys"))
        guard !ring.keys.isEmpty else { return }
        keys.withLock { $0 = ring }
        verifiedTokens.withLock { $0.removeAll() }
    }

    /// Re-reads `configuration.policyPaths`. A valid set replaces the one in force; an invalid
    /// one is rejected with every diagnostic and the old set stays.
    public func reloadPolicies() -> Result<[PolicySummary], PolicyLoadError> {
        let sources: [PolicySource]
        do { sources = try PolicyDirectory.sources(at: configuration.policyPaths) } catch {
            return .failure(PolicyLoadError(diagnostics: [PolicyDiagnostic(file: configuration.policyPaths.joined(separator: ", "), path: "", message: error.message)]))
        }
        do {
            let engine = try PolicyEngine(sources: sources)
            replacePolicies(engine)
            return .success(engine.policies)
        } catch {
            return .failure(error)
        }
    }

    /// The credential in `authorization: Bearer <credential>` (scheme case-insensitive, spaces
    /// before it ignored): everything after the space that ends the scheme. Read in the UTF-8
    /// bytes: splitting the ~330-character header into Characters cost more than the rest of
    /// authenticating a cached token.
    static func bearerCredential(_ authorization: String?, naming what: String) throws(GatewayError) -> String {
        guard let authorization, !authorization.isEmpty else {
            throw GatewayError(.unauthenticated, "missing credentials: send the metadata 'authorization: Bearer <\(what)>'")
        }
        let utf8 = authorization.utf8
        let space = UInt8(ascii: " ")
        let schemeStart = utf8.firstIndex { $0 != space } ?? utf8.endIndex
        let scheme = utf8[schemeStart...].prefix { $0 != space }
        let credentialStart = scheme.endIndex == utf8.endIndex ? utf8.endIndex : utf8.index(after: scheme.endIndex)
        guard scheme.count == 6, zip(scheme, "bearer".utf8).allSatisfy({ $0 | 0x20 == $1 }), credentialStart != utf8.endIndex else {
            throw GatewayError(.unauthenticated, "malformed authorization metadata: expected 'Bearer <\(what)>'")
        }
        return String(decoding: utf8[credentialStart...], as: UTF8.self)
    }

    // MARK: Administration

    /// Verifies an admin credential (`authorization: Bearer <admin secret>`) and returns the
    /// secret's name, which is recorded as the actor of admin changes.
    ///
    /// Agent tokens are refused here with a message that says so.
    public func authenticateAdmin(authorization: String?) throws(GatewayError) -> String {
        let presented = try Self.bearerCredential(authorization, naming: "admin secret")
        if presented.split(separator: ".", omittingEmptySubsequences: false).count == 3 && !presented.hasPrefix("wd_admin_") {
            throw GatewayError(.permissionDenied, "agent tokens are not accepted by the Admin API; use an admin secret from `warden keys create-admin`")
        }
        let match: (id: String, name: String)?
        do { match = try registry.matchSecret(kind: .admin, presented: presented) } catch { throw internalFailure(error) }
        guard let match else { throw GatewayError(.unauthenticated, "invalid admin secret") }
        return match.name
    }

    /// Suspends, resumes or revokes an agent, recording who did it and why.
    public func changeState(
        agentID: String, to state: AgentRecord.State, reason: String?, by admin: String
    ) async throws(GatewayError) -> AgentRecord {
        guard !agentID.isEmpty else { throw GatewayError(.invalidArgument, "agent_id is required") }
        let existing: AgentRecord?
        do { existing = try registry.agent(agentID) } catch { throw internalFailure(error) }
        guard let existing else { throw GatewayError(.notFound, "no agent '\(agentID)'") }
        if existing.state == .revoked && state != .revoked {
            throw GatewayError(.failedPrecondition, "agent '\(agentID)' is revoked; it cannot be resumed (register a new agent)")
        }
        let now = configuration.clock()
        let updated: AgentRecord
        do { updated = try registry.setState(agentID, to: state, reason: reason, now: now) } catch { throw internalFailure(error) }
        try await appendAudit([AuditRecord(
            timestamp: now * 1000, kind: "agent.\(state.rawValue)", agentID: agentID,
            payload: "{\"by\":\(Self.quoted(admin)),\"reason\":\(reason.map(Self.quoted) ?? "null"),\"previous\":\(Self.quoted(existing.state.rawValue))}")])
        return updated
    }

    // MARK: Registration

    /// Registers an agent with an enrollment secret and issues its first token.
    public func register(
        secret: String, name: String, team: String?, org: String?, labels: [String: String]
    ) async throws(GatewayError) -> (agent: AgentRecord, token: String, expiresAt: Int64) {
        guard !secret.isEmpty else { throw GatewayError(.unauthenticated, "enrollment_secret is required") }
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw GatewayError(.invalidArgument, "name is required") }
        guard trimmed.count <= 200 else { throw GatewayError(.invalidArgument, "name is longer than 200 characters") }
        for (field, value) in [("team", team), ("org", org)] {
            if let value, value.count > 200 || value.contains(where: { $0.isWhitespace }) {
                throw GatewayError(.invalidArgument, "\(field) must be at most 200 characters without spaces")
            }
        }
        guard labels.count <= 64 else { throw GatewayError(.invalidArgument, "at most 64 labels") }
        let now = configuration.clock()
        let enrollment: (id: String, name: String)?
        do { enrollment = try registry.matchSecret(kind: .enrollment, presented: secret) } catch { throw internalFailure(error) }
        // Say nothing about which part was wrong: no oracle for guessing secrets.
        guard let enrollment else { throw GatewayError(.unauthenticated, "invalid enrollment secret") }
        let agent: AgentRecord
        do {
            agent = try registry.register(name: trimmed, team: team.nonEmpty, org: org.nonEmpty, labels: labels,
                                          enrollmentID: enrollment.id, now: now)
        } catch {
            throw internalFailure(error)
        }
        let expiresAt = now + configuration.tokenTTL
        let claims = AgentTokenClaims(
            iss: configuration.issuer, sub: agent.id, team: agent.team, org: agent.org, iat: now, nbf: now, exp: expiresAt,
            jti: Base64URL.encode(RandomBytes.generate(12)))
        let token = keys.withLock { AgentToken.issue(claims, with: $0.current) }
        try await appendAudit([AuditRecord(
            timestamp: now * 1000, kind: "agent.registered", agentID: agent.id,
            payload: "{\"name\":\(Self.quoted(agent.name)),\"team\":\(agent.team.map(Self.quoted) ?? "null"),\"org\":\(agent.org.map(Self.quoted) ?? "null"),\"enrollment\":\(Self.quoted(enrollment.name))}")])
        return (agent, token, expiresAt)
    }

    // MARK: Authentication

    /// Verifies `authorization: Bearer <token>` and returns the agent it names, if it may act.
    ///
    /// - Throws: `unauthenticated` for a missing, malformed, forged, expired or not-yet-valid
    ///   token, an unknown kid or agent, or a revoked agent; `permissionDenied` for a suspended
    ///   one, unless `allowingSuspended` (CheckPolicy answers a suspended agent with a deny decision).
    public func authenticate(authorization: String?, allowingSuspended: Bool = false) throws(GatewayError) -> AgentRecord {
        let token = try Self.bearerCredential(authorization, naming: "agent token")
        let now = configuration.clock()
        let claims: AgentTokenClaims
        if let cached = verifiedTokens.withLock({ $0[token] }), now >= cached.nbf, now < cached.exp {
            claims = cached
        } else {
            do {
                claims = try AgentToken.verify(token, keys: jwks, now: now, issuer: configuration.issuer)
            } catch {
                throw GatewayError(.unauthenticated, "invalid agent token: \(error.message)")
            }
            verifiedTokens.withLock { cache in
                // Bounded: when full, start over rather than grow (a cheap, safe eviction).
                if cache.count >= Self.verifiedTokenCacheLimit { cache.removeAll(keepingCapacity: true) }
                cache[token] = claims
            }
        }
        let agent: AgentRecord?
        do { agent = try registry.agent(claims.sub) } catch { throw internalFailure(error) }
        guard let agent else { throw GatewayError(.unauthenticated, "the token names an agent this gateway does not know") }
        switch agent.state {
        case .active:
            return agent
        case .suspended:
            if allowingSuspended { return agent }
            throw GatewayError(.permissionDenied, Self.suspensionReason(agent))
        case .revoked:
            throw GatewayError(.unauthenticated, "agent \(agent.id) was revoked at \(Self.iso(agent.stateChangedAt)); register again with an enrollment secret")
        }
    }

    // MARK: Decisions

    /// A decision as the gateway answers it.
    public struct CheckResult: Sendable {
        public var decision: Decision
        public var decisionID: String
        /// `decision` as JSON (the engine's form).
        public var decisionJSON: String
        /// For require_approval: the approval to wait for.
        public var approval: ApprovalRecord?
    }

    /// Decides `type`/`target`/params/context for `agent` (identity from the record, never the
    /// request) and writes the decision to the audit log before answering.
    public func check(
        agent: AgentRecord, type: String, target: String?, paramsJSON: String, contextJSON: String
    ) async throws(GatewayError) -> CheckResult {
        let result = await withCheckedContinuation { (k: CheckedContinuation<Result<CheckResult, GatewayError>, Never>) in
            check(agent: agent, type: type, target: target, paramsJSON: paramsJSON, contextJSON: contextJSON) { k.resume(returning: $0) }
        }
        return try result.get()
    }

    /// A group of audit appends to commit together (see `AuditBatch`).
    public func makeAuditBatch() -> AuditBatch { AuditBatch(writer: writer, governance: governance) }

    /// `check` for callers without async: `completion` runs once the decision is in the audit
    /// log (on the audit writer's thread, or on this one). With `batch`, the audit write waits
    /// for the caller's `batch.commit()`.
    public func check(
        agent: AgentRecord, type: String, target: String?, paramsJSON: String, contextJSON: String, batch: AuditBatch? = nil,
        completion: @escaping @Sendable (Result<CheckResult, GatewayError>) -> Void
    ) {
        let decided: Decided
        do { decided = try decide(agent: agent, type: type, target: target, paramsJSON: paramsJSON, contextJSON: contextJSON) } catch {
            return completion(.failure(error))
        }
        let done: AuditWriter.Completion = { result in
            switch result {
            case .success:
                if decided.createdApproval, let approval = decided.result.approval { self.approvals.notify(.created, approval) }
                completion(.success(decided.result))
            case .failure(let error):
                completion(.failure(self.internalFailure(error, function: "check")))
            }
        }
        if let batch {
            batch.add(decided.records, durability: configuration.decisionDurability, completion: done)
        } else {
            writer.append(decided.records, durability: configuration.decisionDurability, completion: done)
        }
    }

    struct Decided {
        var result: CheckResult
        /// The decision's audit record, then those of what governance did (approval created or
        /// used, agent suspended): all written before the decision is returned.
        var records: [AuditRecord]
        var createdApproval: Bool
    }

    /// The decision, its id and JSON, and the audit records that must be written before it is returned.
    func decide(
        agent: AgentRecord, type: String, target: String?, paramsJSON: String, contextJSON: String
    ) throws(GatewayError) -> Decided {
        guard !type.isEmpty else { throw GatewayError(.invalidArgument, "action.type is required") }
        let params = try Self.object(paramsJSON, field: "action.params_json")
        let context = try Self.object(contextJSON, field: "action.context_json")
        let action = Action(type: type, target: target, params: params, context: context,
                            agent: AgentIdentity(id: agent.id, team: agent.team, org: agent.org))
        let now = configuration.clock()
        let id = "dec_" + Base64URL.encode(RandomBytes.identifier(12))
        // Target, params and context are written with personal data and secrets redacted.
        var actionSummary = "{\"type\":\(Self.quoted(type))"
        if let target { actionSummary += ",\"target\":\(Self.quoted(Self.redactor.redact(target)))" }
        if !params.isEmpty { actionSummary += ",\"params\":" + Self.redactor.redact(.object(params)).jsonText }
        if !context.isEmpty { actionSummary += ",\"context\":" + Self.redactor.redact(.object(context)).jsonText }
        actionSummary += "}"

        let outcome: Governance.Outcome
        if agent.state == .suspended {
            // Quarantine: every check is denied (and audited) until an admin resumes the agent.
            outcome = Governance.Outcome(decision: Decision(
                outcome: .deny, reason: Self.suspensionReason(agent), rules: ["quarantine"], policy: nil, risk: .high,
                pendingChecks: [], notes: [], approvalTimeoutSeconds: nil))
        } else {
            let evaluated = policies.evaluate(action, at: now)
            do {
                outcome = try governance.apply(evaluated, action: action, agent: agent, decisionID: id, actionSummary: actionSummary,
                                               now: now, nowMs: now * 1000)
            } catch {
                throw internalFailure(error, function: "governance")
            }
        }
        let decision = outcome.decision
        let json = decision.jsonText
        var records: [AuditRecord] = []
        records.append(AuditRecord(
            timestamp: now * 1000, kind: "decision", agentID: agent.id, decisionID: id, outcome: decision.outcome.rawValue,
            payload: "{\"action\":\(actionSummary),\"decision\":\(json)}"))
        if let approval = outcome.approval, outcome.created {
            records.append(ApprovalService.auditRecord("approval.created", approval, decisionID: id, at: now))
        }
        if let approval = outcome.approval, outcome.consumed {
            records.append(ApprovalService.auditRecord("approval.consumed", approval, decisionID: id, at: now))
        }
        // Concurrent checks may all find the budget exceeded: the first one suspends.
        if let reason = outcome.suspendReason, (try? registry.agent(agent.id))??.state == .active {
            do { _ = try registry.setState(agent.id, to: .suspended, reason: reason, now: now) } catch { throw internalFailure(error, function: "suspend") }
            records.append(AuditRecord(
                timestamp: now * 1000, kind: "agent.suspended", agentID: agent.id, decisionID: id,
                payload: "{\"by\":\"budget\",\"reason\":\(Self.quoted(reason)),\"previous\":\"active\"}"))
        }
        let approval = decision.outcome == .requireApproval ? outcome.approval : nil
        return Decided(result: CheckResult(decision: decision, decisionID: id, decisionJSON: json, approval: approval),
                       records: records, createdApproval: outcome.created)
    }

    /// The decision path of a check without its audit write: engine, quarantine and governance
    /// (state changes included). For `warden bench governance` only; real checks go through
    /// `check`, which never answers before the audit log has the decision.
    @_spi(Benchmark)
    public func decideWithoutAudit(agent: AgentRecord, type: String, paramsJSON: String) throws(GatewayError) -> Decision {
        try decide(agent: agent, type: type, target: nil, paramsJSON: paramsJSON, contextJSON: "").result.decision
    }

    static func suspensionReason(_ agent: AgentRecord) -> String {
        "agent \(agent.id) is suspended since \(iso(agent.stateChangedAt))\(agent.stateReason.map { ": \($0)" } ?? "")"
    }

    static func object(_ json: String, field: String) throws(GatewayError) -> [String: PolicyValue] {
        if json.isEmpty { return [:] }
        guard json.utf8.count <= 1 << 20 else { throw GatewayError(.invalidArgument, "\(field) is larger than 1 MiB") }
        let value: PolicyValue
        do { value = try PolicyValue(json: json) } catch {
            throw GatewayError(.invalidArgument, "\(field) is not valid JSON (\(error))")
        }
        guard case .object(let o) = value else {
            throw GatewayError(.invalidArgument, "\(field) must be a JSON object, got \(value.typeName)")
        }
        return o
    }

    // MARK: Spending

    /// Counts `events`' spending (the tokens and cost of the `llm_call` ones; other events cost
    /// nothing) against budgets, in one governance transaction. Called before the events are
    /// written to the audit log.
    public func account(_ events: [Warden_V1_Event], agent: AgentRecord) throws(GatewayError) {
        let at = configuration.clock()
        var calls: [Governance.LLMCall] = []
        for event in events {
            if let call = try Self.llmCall(event, agent: agent, at: at) { calls.append(call) }
        }
        if calls.isEmpty { return }
        do { try governance.recordLLMCalls(calls) } catch { throw internalFailure(error) }
    }

    /// The spending an `llm_call` event reports, checked; nil for other kinds of event. `at` is
    /// when the gateway received it: an agent-supplied timestamp could move spending into a
    /// period that no longer matters.
    static func llmCall(_ event: Warden_V1_Event, agent: AgentRecord, at: Int64) throws(GatewayError) -> Governance.LLMCall? {
        guard case .llmCall(let l)? = event.details else { return nil }
        try EventRecords.checkLLMCall(l)
        return Governance.LLMCall(
            model: l.model, inputTokens: l.inputTokens, outputTokens: l.outputTokens, reportedUSD: l.costUsd,
            decisionID: event.decisionID.isEmpty ? nil : event.decisionID, agent: agent, at: at)
    }

    /// A budget limit as it stands for an agent (`warden budgets show`).
    public struct BudgetUsage: Sendable, Hashable {
        public var policyName: String
        public var subject: String
        public var period: String
        public var metric: String
        public var limit: Double
        public var used: Double
        public var resetsAt: Int64
        public var timezone: String
        public var actionOnExceed: String
        public var agentIDs: [String]
    }

    /// The budgets that apply to `actionType` for each of `agents`, with what they have used;
    /// rows with the same subject, limit and period are merged (their agents listed).
    public func budgets(for agents: [AgentRecord], actionType: String) throws(GatewayError) -> [BudgetUsage] {
        let now = configuration.clock()
        var rows: [BudgetUsage] = []
        var index: [String: Int] = [:]
        for agent in agents {
            let action = Action(type: actionType, agent: AgentIdentity(id: agent.id, team: agent.team, org: agent.org))
            let checks = policies.evaluate(action, at: now).pendingChecks.filter { $0.kind == "budget" }
            for check in checks {
                let limits: [Governance.BudgetLimit]
                do {
                    limits = try governance.store.transaction { (s: inout GovernanceStore.Session) throws(StoreError) in
                        try governance.limits(check, agent: agent, now: now, in: &s)
                    }
                } catch {
                    throw internalFailure(error)
                }
                for l in limits {
                    let key = "\(check.policy.name)|\(l.subject)|\(l.period)|\(l.metric)|\(l.limit)"
                    if let i = index[key] {
                        if !rows[i].agentIDs.contains(agent.id) { rows[i].agentIDs.append(agent.id) }
                        continue
                    }
                    index[key] = rows.count
                    rows.append(BudgetUsage(
                        policyName: check.policy.name, subject: l.subject.description, period: l.period, metric: l.metric, limit: l.limit,
                        used: l.used, resetsAt: l.resetsAt, timezone: l.timezone, actionOnExceed: l.onExceed, agentIDs: [agent.id]))
                }
            }
        }
        return rows
    }

    // MARK: Events

    /// Writes events to the audit log in one transaction and returns the committed (fsync'd) entries.
    public func record(_ records: [AuditRecord]) async throws(GatewayError) -> [AuditEntry] {
        try await appendAudit(records)
    }

    /// Records one event (unary `RecordEvent`) with `batch`: its spending, if it is an
    /// `llm_call`, is counted with that of the batch's other events when the batch commits, just
    /// before the audit write. `completion` runs once the event is durable, or at once when it is
    /// invalid.
    public func record(
        _ event: Warden_V1_Event, agent: AgentRecord, batch: AuditBatch,
        completion: @escaping @Sendable (Result<AuditEntry, GatewayError>) -> Void
    ) {
        let now = configuration.clock()
        let record: AuditRecord
        let spending: Governance.LLMCall?
        do {
            record = try EventRecords.record(event, agent: agent, now: now)
            spending = try Self.llmCall(event, agent: agent, at: now)
        } catch {
            return completion(.failure(error))
        }
        batch.add([record], durability: .full, spending: spending) { result in
            completion(result.map { $0[0] }.mapError { self.internalFailure($0, function: "record") })
        }
    }

    /// `record` for callers without async: `completion` runs (on the audit writer's thread)
    /// once the events are durable.
    public func record(_ records: [AuditRecord], batch: AuditBatch? = nil, completion: @escaping @Sendable (Result<[AuditEntry], GatewayError>) -> Void) {
        let done: AuditWriter.Completion = { result in
            completion(result.mapError { self.internalFailure($0, function: "record") })
        }
        if let batch {
            batch.add(records, durability: .full, completion: done)
        } else {
            writer.append(records, durability: .full, completion: done)
        }
    }

    /// Through the group-commit writer: returns once the records are committed.
    @discardableResult
    func appendAudit(_ records: [AuditRecord], durability: AuditDurability = .full) async throws(GatewayError) -> [AuditEntry] {
        do { return try await writer.append(records, durability: durability) } catch { throw internalFailure(error) }
    }

    public var now: Int64 { configuration.clock() }

    /// Logs an internal failure for the operator and returns the generic error callers see.
    public func internalFailure(_ error: any Error, function: String = #function) -> GatewayError {
        configuration.logger.error("gateway operation failed", metadata: ["operation": "\(function)", "error": "\(error)"])
        return .internalFailure()
    }

    static func quoted(_ s: String) -> String { PolicyValue.string(s).jsonText }

    static func iso(_ seconds: Int64) -> String {
        Date(timeIntervalSince1970: TimeInterval(seconds)).formatted(.iso8601)
    }
}

extension Optional where Wrapped == String {
    var nonEmpty: String? {
        guard let self, !self.isEmpty else { return nil }
        return self
    }
}
