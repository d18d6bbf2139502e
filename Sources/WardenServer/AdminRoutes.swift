import Dispatch
import GRPCCore
import WardenGateway
import WardenPolicy
import WardenProto
import WardenStore
import SwiftProtobuf

/// `warden.v1.Admin`: operators manage agents, reload policies and read the audit log. Every
/// call needs an admin secret; agent tokens are refused.
///
/// Admin calls may scan the whole registry or audit log, so they run on a background queue,
/// never on an event loop.
public enum AdminRoutes {
    private static let queue = DispatchQueue(label: "warden.admin", qos: .utility, attributes: .concurrent)

    /// Registers an admin method: authenticates, then runs `body` off the event loop.
    private static func admin<Request: SwiftProtobuf.Message>(
        _ path: String, _ type: Request.Type, _ core: GatewayCore, in routes: inout RPCRoutes,
        _ body: @escaping @Sendable (Request, String) throws(GatewayError) -> any SwiftProtobuf.Message
    ) {
        routes.unary(path, type) { request, call in
            queue.async {
                do {
                    let by = try core.authenticateAdmin(authorization: call.authorization)
                    call.reply(try body(request, by))
                } catch {
                    call.fail(error)
                }
            }
        }
    }

    public static func register(_ core: GatewayCore, in routes: inout RPCRoutes) {
        typealias M = Warden_V1_Admin.Method

        admin(M.ListAgents.descriptor.path, Warden_V1_ListAgentsRequest.self, core, in: &routes) { m, _ throws(GatewayError) in
            let state: AgentRecord.State?
            switch m.state {
            case .active: state = .active
            case .suspended: state = .suspended
            case .revoked: state = .revoked
            default: state = nil
            }
            guard m.limit >= 0 else { throw GatewayError(.invalidArgument, "limit must be >= 0") }
            let limit = m.limit == 0 ? 100 : min(Int(m.limit), 1000)
            // The page token is the offset into the (stable, registration-ordered) list.
            let offset: Int
            if m.pageToken.isEmpty { offset = 0 } else {
                guard let o = Int(m.pageToken), o >= 0 else { throw GatewayError(.invalidArgument, "invalid page_token") }
                offset = o
            }
            let all: [AgentRecord]
            do { all = try core.registry.agents(team: m.team.isEmpty ? nil : m.team, org: m.org.isEmpty ? nil : m.org, state: state) } catch {
                throw core.internalFailure(error)
            }
            var reply = Warden_V1_ListAgentsResponse()
            let page = all.dropFirst(offset).prefix(limit)
            reply.agents = page.map(proto)
            if offset + page.count < all.count { reply.nextPageToken = String(offset + page.count) }
            return reply
        }

        admin(M.GetAgent.descriptor.path, Warden_V1_GetAgentRequest.self, core, in: &routes) { m, _ throws(GatewayError) in
            let found: AgentRecord?
            do { found = try core.registry.agent(m.agentID) } catch { throw core.internalFailure(error) }
            guard let found else { throw GatewayError(.notFound, "no agent '\(m.agentID)'") }
            return proto(found)
        }

        for (method, state) in [(M.SuspendAgent.descriptor, AgentRecord.State.suspended), (M.ResumeAgent.descriptor, .active), (M.RevokeAgent.descriptor, .revoked)] {
            routes.unary(method.path, Warden_V1_AgentStateRequest.self) { m, call in
                Task {
                    do {
                        let by = try core.authenticateAdmin(authorization: call.authorization)
                        let updated = try await core.changeState(agentID: m.agentID, to: state, reason: m.reason.isEmpty ? nil : m.reason, by: by)
                        call.reply(proto(updated))
                    } catch {
                        call.fail(error)
                    }
                }
            }
        }

        admin(M.ReloadPolicies.descriptor.path, Warden_V1_ReloadPoliciesRequest.self, core, in: &routes) { _, _ throws(GatewayError) in
            var reply = Warden_V1_ReloadPoliciesResponse()
            switch core.reloadPolicies() {
            case .success(let policies):
                reply.reloaded = true
                reply.policies = policies.map { p in
                    var s = Warden_V1_PolicySummary()
                    s.name = p.reference.name
                    s.version = p.reference.version
                    s.scope = p.scope
                    s.statements = Int32(p.statementCount)
                    return s
                }
            case .failure(let error):
                reply.reloaded = false
                reply.errors = error.diagnostics.map { d in
                    var e = Warden_V1_PolicyDiagnostic()
                    e.file = d.file
                    e.path = d.path
                    e.line = Int32(d.line ?? 0)
                    e.column = Int32(d.column ?? 0)
                    e.message = d.message
                    return e
                }
            }
            return reply
        }

        admin(M.QueryAudit.descriptor.path, Warden_V1_QueryAuditRequest.self, core, in: &routes) { m, _ throws(GatewayError) in
            guard m.limit >= 0 else { throw GatewayError(.invalidArgument, "limit must be >= 0") }
            if !m.outcome.isEmpty && !["allow", "deny", "require_approval"].contains(m.outcome) {
                throw GatewayError(.invalidArgument, "outcome must be allow, deny or require_approval, got '\(m.outcome)'")
            }
            let query = AuditQuery(
                agentID: m.agentID.isEmpty ? nil : m.agentID, outcome: m.outcome.isEmpty ? nil : m.outcome,
                kind: m.kind.isEmpty ? nil : m.kind, since: m.sinceMs == 0 ? nil : m.sinceMs, until: m.untilMs == 0 ? nil : m.untilMs,
                afterSequence: m.afterSequence == 0 ? nil : m.afterSequence, limit: m.limit == 0 ? 100 : min(Int(m.limit), 1000))
            let entries: [AuditEntry]
            do { entries = try core.audit.entries(query) } catch { throw core.internalFailure(error) }
            var reply = Warden_V1_QueryAuditResponse()
            reply.entries = entries.map { e in
                var p = Warden_V1_AuditEntry()
                p.sequence = e.sequence
                p.timestampMs = e.record.timestamp
                p.kind = e.record.kind
                p.agentID = e.record.agentID ?? ""
                p.decisionID = e.record.decisionID ?? ""
                p.outcome = e.record.outcome ?? ""
                p.payloadJson = e.record.payload
                p.previousHash = EventRecords.hex(e.previousHash)
                p.hash = EventRecords.hex(e.hash)
                return p
            }
            return reply
        }

        admin(M.VerifyAudit.descriptor.path, Warden_V1_VerifyAuditRequest.self, core, in: &routes) { _, _ throws(GatewayError) in
            let report: AuditVerification
            do { report = try core.audit.verify() } catch { throw core.internalFailure(error) }
            var reply = Warden_V1_VerifyAuditResponse()
            reply.valid = report.isValid
            reply.entriesChecked = report.entriesChecked
            reply.firstBadSequence = report.firstBadSequence ?? 0
            reply.problem = report.problem ?? ""
            return reply
        }

        registerApprovals(core, in: &routes)
    }

    static func registerApprovals(_ core: GatewayCore, in routes: inout RPCRoutes) {
        typealias M = Warden_V1_Admin.Method

        admin(M.ListApprovals.descriptor.path, Warden_V1_ListApprovalsRequest.self, core, in: &routes) { m, _ throws(GatewayError) in
            guard m.limit >= 0 else { throw GatewayError(.invalidArgument, "limit must be >= 0") }
            let state: ApprovalRecord.State?
            switch m.state {
            case .pending: state = .pending
            case .approved: state = .approved
            case .rejected: state = .rejected
            case .expired: state = .expired
            default: state = nil
            }
            var reply = Warden_V1_ListApprovalsResponse()
            reply.approvals = try core.approvals.list(state: state, agentID: m.agentID.isEmpty ? nil : m.agentID,
                                                      limit: m.limit == 0 ? 100 : min(Int(m.limit), 1000)).map(GatewayRoutes.proto)
            return reply
        }

        admin(M.GetApproval.descriptor.path, Warden_V1_GetApprovalRequest.self, core, in: &routes) { m, _ throws(GatewayError) in
            GatewayRoutes.proto(try core.approvals.approval(m.approvalID))
        }

        routes.unary(M.DecideApproval.descriptor.path, Warden_V1_DecideApprovalRequest.self) { m, call in
            let approve: Bool? = m.verdict == .approve ? true : m.verdict == .reject ? false : nil
            // No `throw` of our own inside this task: Swift 6.3's optimiser crashes (coroutine
            // splitting) on a typed throw next to the `try await` in a release build.
            Task {
                do {
                    let by = try core.authenticateAdmin(authorization: call.authorization)
                    guard let approve else {
                        return call.fail(GatewayError(.invalidArgument, "verdict must be VERDICT_APPROVE or VERDICT_REJECT"))
                    }
                    let decided = try await core.approvals.decide(m.approvalID, approve: approve, by: by, note: m.note.isEmpty ? nil : m.note)
                    call.reply(GatewayRoutes.proto(decided))
                } catch {
                    call.fail(error)
                }
            }
        }

        admin(M.GetBudgets.descriptor.path, Warden_V1_GetBudgetsRequest.self, core, in: &routes) { m, _ throws(GatewayError) in
            let agents: [AgentRecord]
            do {
                if m.agentID.isEmpty {
                    agents = try core.registry.agents(state: .active)
                } else {
                    guard let agent = try core.registry.agent(m.agentID) else { throw GatewayError(.notFound, "no agent '\(m.agentID)'") }
                    agents = [agent]
                }
            } catch let e as GatewayError {
                throw e
            } catch {
                throw core.internalFailure(error)
            }
            var reply = Warden_V1_GetBudgetsResponse()
            reply.budgets = try core.budgets(for: agents, actionType: m.actionType.isEmpty ? "llm.call" : m.actionType).map { b in
                var p = Warden_V1_BudgetUsage()
                p.policyName = b.policyName
                p.subject = b.subject
                p.period = b.period
                p.metric = b.metric
                p.limit = b.limit
                p.used = b.used
                p.resetsAt = b.resetsAt
                p.timezone = b.timezone
                p.actionOnExceed = b.actionOnExceed
                p.agentIds = b.agentIDs
                return p
            }
            return reply
        }
    }

    static func proto(_ a: AgentRecord) -> Warden_V1_Agent {
        var p = Warden_V1_Agent()
        p.agentID = a.id
        p.name = a.name
        p.team = a.team ?? ""
        p.org = a.org ?? ""
        p.labels = a.labels
        switch a.state {
        case .active: p.state = .active
        case .suspended: p.state = .suspended
        case .revoked: p.state = .revoked
        }
        p.registeredAt = a.registeredAt
        p.stateChangedAt = a.stateChangedAt
        p.stateReason = a.stateReason ?? ""
        return p
    }
}

/// `grpc.health.v1.Health`: SERVING for the whole server ("") and for the Warden services.
public enum HealthRoutes {
    static let known: Set<String> = ["", "warden.v1.Gateway", "warden.v1.Admin"]

    public static func register(in routes: inout RPCRoutes) {
        typealias M = Grpc_Health_V1_Health.Method
        routes.unary(M.Check.descriptor.path, Grpc_Health_V1_HealthCheckRequest.self) { m, call in
            // The health protocol answers NOT_FOUND for services the server does not know.
            guard known.contains(m.service) else { return call.fail(GatewayError(.notFound, "unknown service '\(m.service)'")) }
            var reply = Grpc_Health_V1_HealthCheckResponse()
            reply.status = .serving
            call.reply(reply)
        }
        routes.unary(M.Watch.descriptor.path, Grpc_Health_V1_HealthCheckRequest.self) { m, call in
            var reply = Grpc_Health_V1_HealthCheckResponse()
            reply.status = known.contains(m.service) ? .serving : .serviceUnknown
            // The status does not change while the process runs: one message, then the stream
            // stays open until the client leaves or the server shuts down (UNAVAILABLE).
            call.send(reply)
            call.endOnShutdown()
        }
    }
}
