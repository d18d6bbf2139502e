import Foundation
import Logging
import Synchronization
import WardenCrypto
import WardenPolicy
import WardenStore

/// Human-in-the-loop approvals after they are created (by `Governance` inside a check):
/// deciding, expiring, waiting for a final state, listing, and notifying webhooks. Every
/// transition is an audit entry.
public final class ApprovalService: Sendable {
    /// A transition worth telling people about.
    public enum Event: String, Sendable {
        case created = "approval.created"
        case approved = "approval.approved"
        case rejected = "approval.rejected"
        case expired = "approval.expired"
    }

    private let store: GovernanceStore
    private let configuration: GovernanceConfiguration
    private let writer: AuditWriter
    private let logger: Logger
    private let clock: @Sendable () -> Int64
    private let webhooks: WebhookNotifier
    /// Callers waiting for an approval's final state, by approval id, oldest first.
    private let waiters = Mutex<[String: [Waiter]]>([:])

    struct Waiter {
        var deliver: @Sendable (ApprovalRecord) -> Void
        var superseded: @Sendable () -> Void
    }

    /// Waits kept per approval; a newer one ends the oldest (`superseded`), so callers that
    /// went away without the gateway noticing cannot pile up until the approval expires.
    public static let maxWaitersPerApproval = 8

    init(store: GovernanceStore, configuration: GovernanceConfiguration, writer: AuditWriter, logger: Logger,
         clock: @escaping @Sendable () -> Int64) {
        self.store = store
        self.configuration = configuration
        self.writer = writer
        self.logger = logger
        self.clock = clock
        webhooks = WebhookNotifier(targets: configuration.webhooks, logger: logger)
    }

    /// Tells webhooks about `event` and, for final states, hands the approval to its waiters.
    func notify(_ event: Event, _ approval: ApprovalRecord) {
        webhooks.send(event: event.rawValue, approval: approval)
        guard approval.state.isFinal else { return }
        let waiting = waiters.withLock { $0.removeValue(forKey: approval.id) } ?? []
        for waiter in waiting { waiter.deliver(approval) }
    }

    /// How many webhook deliveries are queued or being retried (for tests and shutdown).
    public var webhookDeliveriesInFlight: Int { webhooks.inFlight }

    // MARK: Reading

    public func approval(_ id: String) throws(GatewayError) -> ApprovalRecord {
        guard !id.isEmpty else { throw GatewayError(.invalidArgument, "approval_id is required") }
        try expireDue()
        let found: ApprovalRecord?
        do { found = try store.transaction { (s: inout GovernanceStore.Session) throws(StoreError) in try s.approval(id) } } catch {
            throw failure(error)
        }
        guard let found else { throw GatewayError(.notFound, "no approval '\(id)'") }
        return found
    }

    public func list(state: ApprovalRecord.State?, agentID: String?, limit: Int) throws(GatewayError) -> [ApprovalRecord] {
        try expireDue()
        do {
            return try store.transaction { (s: inout GovernanceStore.Session) throws(StoreError) in
                try s.approvals(state: state, agent: agentID, limit: limit)
            }
        } catch {
            throw failure(error)
        }
    }

    // MARK: Deciding

    /// Approves or rejects a pending approval as `by`. The same verdict again returns the
    /// approval unchanged; a different one, or an expired approval, is `failedPrecondition`.
    public func decide(_ id: String, approve: Bool, by: String, note: String?) async throws(GatewayError) -> ApprovalRecord {
        guard !id.isEmpty else { throw GatewayError(.invalidArgument, "approval_id is required") }
        if let note, note.utf8.count > 4096 { throw GatewayError(.invalidArgument, "note is longer than 4096 bytes") }
        try expireDue()
        let now = clock()
        let verdict: ApprovalRecord.State = approve ? .approved : .rejected
        let outcome: (ApprovalRecord, Bool)?
        do {
            outcome = try store.transaction { (s: inout GovernanceStore.Session) throws(StoreError) -> (ApprovalRecord, Bool)? in
                guard var a = try s.approval(id) else { return nil }
                guard a.state == .pending else { return (a, false) }
                a.state = verdict
                a.decidedAt = now
                a.decidedBy = by
                a.note = note
                a.grantExpiresAt = approve ? now + configuration.grantTTL : nil
                try s.update(a)
                return (a, true)
            }
        } catch {
            throw failure(error)
        }
        guard let (approval, changed) = outcome else { throw GatewayError(.notFound, "no approval '\(id)'") }
        if !changed {
            if approval.state == verdict { return approval }
            switch approval.state {
            case .expired:
                throw GatewayError(.failedPrecondition, "approval '\(id)' expired at \(GatewayCore.iso(approval.expiresAt)); the agent must ask again")
            default:
                throw GatewayError(.failedPrecondition, "approval '\(id)' was already \(approval.state.rawValue) by \(approval.decidedBy ?? "an admin") at \(GatewayCore.iso(approval.decidedAt ?? 0))")
            }
        }
        do {
            _ = try await writer.append([Self.auditRecord(approve ? "approval.approved" : "approval.rejected", approval, decisionID: approval.decisionID, at: now)], durability: .full)
        } catch {
            throw failure(error)
        }
        notify(approve ? .approved : .rejected, approval)
        return approval
    }

    // MARK: Expiry

    /// Expires every pending approval whose time is up (each one audited, waiters told).
    /// Cheap when nothing is due. Returns how many expired.
    @discardableResult
    public func expireDue() throws(GatewayError) -> Int {
        let now = clock()
        let expired: [ApprovalRecord]
        do {
            expired = try store.transaction { (s: inout GovernanceStore.Session) throws(StoreError) -> [ApprovalRecord] in
                guard let next = try s.nextPendingExpiry(), next <= now else { return [] }
                var out: [ApprovalRecord] = []
                for var a in try s.duePendingApprovals(now: now) {
                    a.state = .expired
                    try s.update(a)
                    out.append(a)
                }
                return out
            }
        } catch {
            throw failure(error)
        }
        guard !expired.isEmpty else { return 0 }
        // Written before waiters hear of it; an audit failure is logged, the expiry stands
        // (an expired approval only ever denies).
        writer.append(expired.map { Self.auditRecord("approval.expired", $0, decisionID: $0.decisionID, at: now) }, durability: .full) { result in
            if case .failure(let error) = result { self.logger.error("audit of approval expiry failed", metadata: ["error": "\(error)"]) }
        }
        for a in expired { notify(.expired, a) }
        return expired.count
    }

    /// Expires approvals once a second until cancelled (`warden serve` runs it as a service).
    public func runExpiry() async {
        while !Task.isCancelled {
            do { try expireDue() } catch {}
            try? await Task.sleep(for: .seconds(1))
        }
    }

    // MARK: Waiting

    /// Calls `deliver` once with the approval in its final state: at once if it is final
    /// already, else when it is decided or expires. Only `agentID`'s own approvals. When more
    /// than `maxWaitersPerApproval` wait for one approval, the oldest gets `superseded` instead.
    public func wait(for id: String, agentID: String, deliver: @escaping @Sendable (ApprovalRecord) -> Void,
                     superseded: @escaping @Sendable () -> Void) throws(GatewayError) {
        let current = try approval(id)
        // Someone else's approval is reported as missing: ids are not an oracle.
        guard current.agentID == agentID else { throw GatewayError(.notFound, "no approval '\(id)' for this agent") }
        if current.state.isFinal { return deliver(current) }
        // Registered under the waiters' lock after re-reading: a transition that committed
        // before we registered is seen here, one after finds us in the table.
        let (final, evicted) = try waiters.withLock { (table) throws(GatewayError) -> (ApprovalRecord?, Waiter?) in
            let again: ApprovalRecord?
            do { again = try store.transaction { (s: inout GovernanceStore.Session) throws(StoreError) in try s.approval(id) } } catch {
                throw failure(error)
            }
            if let again, again.state.isFinal { return (again, nil) }
            table[id, default: []].append(Waiter(deliver: deliver, superseded: superseded))
            return (nil, table[id]!.count > Self.maxWaitersPerApproval ? table[id]!.removeFirst() : nil)
        }
        evicted?.superseded()
        if let final { deliver(final) }
    }

    // MARK: Records

    static func auditRecord(_ kind: String, _ a: ApprovalRecord, decisionID: String?, at now: Int64) -> AuditRecord {
        AuditRecord(timestamp: now * 1000, kind: kind, agentID: a.agentID, decisionID: decisionID, payload: a.jsonText)
    }

    private func failure(_ error: any Error, function: String = #function) -> GatewayError {
        logger.error("approval operation failed", metadata: ["operation": "\(function)", "error": "\(error)"])
        return .internalFailure()
    }
}

extension ApprovalRecord {
    /// The decider's note with personal data and secrets redacted (as it leaves the gateway).
    public var redactedNote: String? { note.map { GatewayCore.redactor.redact($0) } }

    /// The approval as JSON (as the CLI's `--json`, webhooks and audit entries show it). The
    /// action is already redacted; the note is redacted here.
    public var jsonText: String {
        func q(_ s: String) -> String { PolicyValue.string(s).jsonText }
        func n(_ v: Int64?) -> String { v.map(String.init) ?? "null" }
        func qs(_ s: String?) -> String { s.map(q) ?? "null" }
        return "{\"approval_id\":\(q(id)),\"agent_id\":\(q(agentID)),\"state\":\(q(state.rawValue)),\"action_type\":\(q(actionType)),\"action\":\(actionJSON),\"rules\":[\(rules.map(q).joined(separator: ","))],\"reason\":\(q(reason)),\"risk\":\(q(risk)),\"policy\":{\"name\":\(q(policyName)),\"version\":\(q(policyVersion))},\"decision_id\":\(q(decisionID)),\"created_at\":\(createdAt),\"expires_at\":\(expiresAt),\"decided_at\":\(n(decidedAt)),\"decided_by\":\(qs(decidedBy)),\"note\":\(qs(redactedNote)),\"grant_expires_at\":\(n(grantExpiresAt)),\"consumed_at\":\(n(consumedAt)),\"consumed_decision_id\":\(qs(consumedDecisionID))}"
    }
}
