import Dispatch
import GRPCCore
import NIOCore
import WardenGateway
import WardenPolicy
import WardenProto
import WardenStore

extension MethodDescriptor {
    /// The HTTP/2 `:path` of the method.
    var path: String { "/" + fullyQualifiedMethod }
}

/// `warden.v1.Gateway` over `GatewayCore`.
///
/// CheckPolicy and RecordEvent are decided and audited in the connection's `DecisionLane`: on
/// the event loop for a lone call, on the connection's worker queue for bursts of calls.
public enum GatewayRoutes {
    /// Where scans of large texts run, so they never hold up an event loop.
    private static let scanQueue = DispatchQueue(label: "warden.scan", qos: .userInitiated, attributes: .concurrent)
    private static let approvalQueue = DispatchQueue(label: "warden.approvals", qos: .userInitiated, attributes: .concurrent)

    public static func register(_ core: GatewayCore, in routes: inout RPCRoutes) {
        typealias M = Warden_V1_Gateway.Method

        routes.unary(M.RegisterAgent.descriptor.path, Warden_V1_RegisterAgentRequest.self) { m, call in
            // Registration hashes and stores; it is rare, so it runs as a task.
            Task {
                do {
                    let result = try await core.register(secret: m.enrollmentSecret, name: m.name, team: m.team, org: m.org, labels: m.labels)
                    var reply = Warden_V1_RegisterAgentResponse()
                    reply.agentID = result.agent.id
                    reply.token = result.token
                    reply.expiresAt = result.expiresAt
                    call.reply(reply)
                } catch {
                    call.fail(error)
                }
            }
        }

        routes.unary(M.CheckPolicy.descriptor.path, Warden_V1_CheckPolicyRequest.self) { m, call in
            call.decisionLane(core).run({ batch in
                let agent: AgentRecord
                // A suspended agent still gets an answer here: a deny that says why (and it is audited).
                do { agent = try core.authenticate(authorization: call.authorization, allowingSuspended: true) } catch { return call.fail(error) }
                let a = m.action
                core.check(agent: agent, type: a.type, target: a.target.isEmpty ? nil : a.target, paramsJSON: a.paramsJson, contextJSON: a.contextJson, batch: batch) { result in
                    switch result {
                    case .success(let r):
                        var reply = Warden_V1_CheckPolicyResponse()
                        reply.decision = proto(r.decision)
                        reply.decisionID = r.decisionID
                        reply.decisionJson = r.decisionJSON
                        if let approval = r.approval {
                            reply.approvalID = approval.id
                            reply.approvalExpiresAt = approval.expiresAt
                        }
                        call.reply(reply)
                    case .failure(let error):
                        call.fail(error)
                    }
                }
            }, on: call)
        }

        routes.unary(M.RecordEvent.descriptor.path, Warden_V1_RecordEventRequest.self) { m, call in
            call.decisionLane(core).run({ batch in
                let agent: AgentRecord
                do { agent = try core.authenticate(authorization: call.authorization) } catch { return call.fail(error) }
                core.record(m.event, agent: agent, batch: batch) { result in
                    switch result {
                    case .success(let entry):
                        var reply = Warden_V1_RecordEventResponse()
                        reply.sequence = entry.sequence
                        reply.chainHash = EventRecords.hex(entry.hash)
                        call.reply(reply)
                    case .failure(let error):
                        call.fail(error)
                    }
                }
            }, on: call)
        }

        routes.clientStreaming(M.RecordEvents.descriptor.path) { call in
            RecordEventsReceiver(core: core, call: call)
        }

        routes.unary(M.Scan.descriptor.path, Warden_V1_ScanRequest.self) { m, call in
            do { _ = try core.authenticate(authorization: call.authorization) } catch { return call.fail(error) }
            // Small texts are scanned on the event loop (microseconds); large ones off it.
            let work: @Sendable () -> Void = {
                do { call.reply(try ScanService.scan(m)) } catch { call.fail(error) }
            }
            if m.text.utf8.count + m.argumentsJson.utf8.count <= ScanService.inlineLimit { work() } else { scanQueue.async(execute: work) }
        }

        routes.unary(M.WaitForApproval.descriptor.path, Warden_V1_WaitForApprovalRequest.self) { m, call in
            // Off the event loop: it reads the governance store.
            approvalQueue.async {
                do {
                    let agent = try core.authenticate(authorization: call.authorization)
                    // One message, then OK: `reply` sends both.
                    try core.approvals.wait(for: m.approvalID, agentID: agent.id, deliver: { approval in call.reply(proto(approval)) }, superseded: {
                        call.fail(GatewayError(.resourceExhausted, "more than \(ApprovalService.maxWaitersPerApproval) waits for approval \(m.approvalID); this one was ended by a newer one"))
                    })
                    // Until then the stream stays open; a shutdown ends it with UNAVAILABLE.
                    call.endOnShutdown()
                } catch {
                    call.fail(error)
                }
            }
        }

        routes.unary(M.GetPublicKeys.descriptor.path, Warden_V1_GetPublicKeysRequest.self) { _, call in
            var reply = Warden_V1_GetPublicKeysResponse()
            reply.jwksJson = core.jwks.jsonText
            call.reply(reply)
        }
    }

    static func proto(_ a: ApprovalRecord) -> Warden_V1_Approval {
        var p = Warden_V1_Approval()
        p.approvalID = a.id
        p.agentID = a.agentID
        switch a.state {
        case .pending: p.state = .pending
        case .approved: p.state = .approved
        case .rejected: p.state = .rejected
        case .expired: p.state = .expired
        }
        p.actionJson = a.actionJSON
        p.actionType = a.actionType
        p.rules = a.rules
        p.reason = a.reason
        p.risk = a.risk
        p.policyName = a.policyName
        p.policyVersion = a.policyVersion
        p.decisionID = a.decisionID
        p.createdAt = a.createdAt
        p.expiresAt = a.expiresAt
        p.decidedAt = a.decidedAt ?? 0
        p.decidedBy = a.decidedBy ?? ""
        p.note = a.redactedNote ?? ""
        p.grantExpiresAt = a.grantExpiresAt ?? 0
        p.consumedAt = a.consumedAt ?? 0
        p.consumedDecisionID = a.consumedDecisionID ?? ""
        return p
    }

    static func proto(_ d: Decision) -> Warden_V1_Decision {
        var p = Warden_V1_Decision()
        switch d.outcome {
        case .allow: p.outcome = .allow
        case .deny: p.outcome = .deny
        case .requireApproval: p.outcome = .requireApproval
        }
        p.reason = d.reason
        p.rules = d.rules
        p.policyName = d.policy?.name ?? ""
        p.policyVersion = d.policy?.version ?? ""
        p.risk = d.risk.rawValue
        p.pendingChecks = d.pendingChecks.map { c in
            var pc = Warden_V1_PendingCheck()
            pc.kind = c.kind
            pc.rule = c.rule
            pc.settingsJson = c.settings.jsonText
            return pc
        }
        p.notes = d.notes
        p.approvalTimeoutSeconds = Int64(d.approvalTimeoutSeconds ?? 0)
        return p
    }
}

/// `RecordEvents`: events are committed in batches of up to 512 as they arrive (group commit),
/// the spending of a batch's llm_call events counted in one governance transaction just before
/// (a transaction per event cut the throughput to a third); the reply comes once every event is
/// durable. While two batches are waiting for their commit the client's flow-control window is
/// withheld, so a fast client cannot queue unbounded work.
/// Any bad event fails the call; events of earlier batches stay recorded (their sequence numbers
/// were never returned, but they are in the audit log like any other event).
final class RecordEventsReceiver: RPCStreamReceiver {
    static let batchSize = 512
    static let maxInFlight = 2

    private let core: GatewayCore
    private let call: ServerCall
    private let loop: any EventLoop
    private var agent: AgentRecord?
    private var pending: [AuditRecord] = []
    /// The llm_call events among `pending`, whose spending `commit` counts.
    private var pendingSpend: [Warden_V1_Event] = []
    private var inFlight = 0
    private var ended = false
    private var failed = false
    private var reply = Warden_V1_RecordEventsResponse()

    init(core: GatewayCore, call: ServerCall) {
        self.core = core
        self.call = call
        self.loop = call.eventLoop
        do { agent = try core.authenticate(authorization: call.authorization) } catch { fail(error) }
    }

    func receive(_ message: ByteBuffer) {
        guard !failed, let agent else { return }
        guard let request = RPCRoutes.decode(Warden_V1_RecordEventRequest.self, message, call: call) else {
            failed = true
            return
        }
        do {
            pending.append(try EventRecords.record(request.event, agent: agent, now: core.now))
        } catch {
            return fail(error)
        }
        if case .llmCall? = request.event.details { pendingSpend.append(request.event) }
        if pending.count >= Self.batchSize { commit() }
    }

    func end() {
        guard !failed else { return }
        ended = true
        if !pending.isEmpty { commit() }
        if inFlight == 0 && !failed { call.reply(reply) }
    }

    private func fail(_ error: GatewayError) {
        failed = true
        pending.removeAll()
        pendingSpend.removeAll()
        call.fail(error)
    }

    private func commit() {
        guard let agent else { return }
        do { try core.account(pendingSpend, agent: agent) } catch { return fail(error) }
        pendingSpend.removeAll(keepingCapacity: true)
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        inFlight += 1
        if inFlight >= Self.maxInFlight { call.setInboundPaused(true) }
        let bound = NIOLoopBound(self, eventLoop: loop)
        core.record(batch) { result in
            bound.eventLoop.execute { bound.value.committed(result) }
        }
    }

    private func committed(_ result: Result<[AuditEntry], GatewayError>) {
        inFlight -= 1
        if inFlight < Self.maxInFlight { call.setInboundPaused(false) }
        guard !failed else { return }
        switch result {
        case .success(let entries):
            if reply.firstSequence == 0 { reply.firstSequence = entries[0].sequence }
            reply.lastSequence = entries[entries.count - 1].sequence
            reply.chainHash = EventRecords.hex(entries[entries.count - 1].hash)
            reply.count += Int64(entries.count)
            if ended && inFlight == 0 { call.reply(reply) }
        case .failure(let error):
            fail(error)
        }
    }
}

extension ServerCall {
    /// The connection's `DecisionLane`. On the event loop only, as unary handlers run.
    func decisionLane(_ core: GatewayCore) -> DecisionLane {
        connectionLocal { DecisionLane(core: core) }
    }
}

extension RPCRoutes {
    /// Everything `warden serve` answers: Gateway, Admin and Health.
    public static func warden(_ core: GatewayCore) -> RPCRoutes {
        var routes = RPCRoutes()
        GatewayRoutes.register(core, in: &routes)
        AdminRoutes.register(core, in: &routes)
        HealthRoutes.register(in: &routes)
        return routes
    }
}
