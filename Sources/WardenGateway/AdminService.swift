import GRPCCore
import WardenPolicy
import WardenProto
import WardenStore

/// The `warden.v1.Admin` service: operators manage agents, reload policies and read the audit
/// log. Every call needs an admin secret; agent tokens are refused.
public struct AdminService: Warden_V1_Admin.ServiceProtocol {
    let core: GatewayCore

    public init(core: GatewayCore) {
        self.core = core
    }

    private func answering<T>(_ body: () throws(GatewayError) -> T) throws -> T {
        do { return try body() } catch { throw error.rpcError }
    }

    @discardableResult
    private func admin(_ metadata: Metadata) throws -> String {
        try answering { () throws(GatewayError) in
            try core.authenticateAdmin(authorization: metadata[stringValues: "authorization"].first(where: { _ in true }))
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

    public func listAgents(
        request: ServerRequest<Warden_V1_ListAgentsRequest>, context: ServerContext
    ) async throws -> ServerResponse<Warden_V1_ListAgentsResponse> {
        try admin(request.metadata)
        let m = request.message
        let state: AgentRecord.State?
        switch m.state {
        case .active: state = .active
        case .suspended: state = .suspended
        case .revoked: state = .revoked
        default: state = nil
        }
        guard m.limit >= 0 else { throw RPCError(code: .invalidArgument, message: "limit must be >= 0") }
        let limit = m.limit == 0 ? 100 : min(Int(m.limit), 1000)
        // The page token is the offset into the (stable, registration-ordered) list.
        let offset: Int
        if m.pageToken.isEmpty { offset = 0 } else {
            guard let o = Int(m.pageToken), o >= 0 else { throw RPCError(code: .invalidArgument, message: "invalid page_token") }
            offset = o
        }
        let all: [AgentRecord]
        do { all = try core.registry.agents(team: m.team.isEmpty ? nil : m.team, org: m.org.isEmpty ? nil : m.org, state: state) } catch {
            throw core.internalFailure(error).rpcError
        }
        var reply = Warden_V1_ListAgentsResponse()
        let page = all.dropFirst(offset).prefix(limit)
        reply.agents = page.map(Self.proto)
        if offset + page.count < all.count { reply.nextPageToken = String(offset + page.count) }
        return ServerResponse(message: reply)
    }

    public func getAgent(
        request: ServerRequest<Warden_V1_GetAgentRequest>, context: ServerContext
    ) async throws -> ServerResponse<Warden_V1_Agent> {
        try admin(request.metadata)
        let found: AgentRecord?
        do { found = try core.registry.agent(request.message.agentID) } catch { throw core.internalFailure(error).rpcError }
        guard let found else { throw RPCError(code: .notFound, message: "no agent '\(request.message.agentID)'") }
        return ServerResponse(message: Self.proto(found))
    }

    private func change(_ request: ServerRequest<Warden_V1_AgentStateRequest>, to state: AgentRecord.State) async throws -> ServerResponse<Warden_V1_Agent> {
        let by = try admin(request.metadata)
        let m = request.message
        let updated: AgentRecord
        do {
            updated = try await core.changeState(agentID: m.agentID, to: state, reason: m.reason.isEmpty ? nil : m.reason, by: by)
        } catch {
            throw error.rpcError
        }
        return ServerResponse(message: Self.proto(updated))
    }

    public func suspendAgent(
        request: ServerRequest<Warden_V1_AgentStateRequest>, context: ServerContext
    ) async throws -> ServerResponse<Warden_V1_Agent> {
        try await change(request, to: .suspended)
    }

    public func resumeAgent(
        request: ServerRequest<Warden_V1_AgentStateRequest>, context: ServerContext
    ) async throws -> ServerResponse<Warden_V1_Agent> {
        try await change(request, to: .active)
    }

    public func revokeAgent(
        request: ServerRequest<Warden_V1_AgentStateRequest>, context: ServerContext
    ) async throws -> ServerResponse<Warden_V1_Agent> {
        try await change(request, to: .revoked)
    }

    public func reloadPolicies(
        request: ServerRequest<Warden_V1_ReloadPoliciesRequest>, context: ServerContext
    ) async throws -> ServerResponse<Warden_V1_ReloadPoliciesResponse> {
        try admin(request.metadata)
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
        return ServerResponse(message: reply)
    }

    public func queryAudit(
        request: ServerRequest<Warden_V1_QueryAuditRequest>, context: ServerContext
    ) async throws -> ServerResponse<Warden_V1_QueryAuditResponse> {
        try admin(request.metadata)
        let m = request.message
        guard m.limit >= 0 else { throw RPCError(code: .invalidArgument, message: "limit must be >= 0") }
        if !m.outcome.isEmpty && !["allow", "deny", "require_approval"].contains(m.outcome) {
            throw RPCError(code: .invalidArgument, message: "outcome must be allow, deny or require_approval, got '\(m.outcome)'")
        }
        let query = AuditQuery(
            agentID: m.agentID.isEmpty ? nil : m.agentID, outcome: m.outcome.isEmpty ? nil : m.outcome,
            kind: m.kind.isEmpty ? nil : m.kind, since: m.sinceMs == 0 ? nil : m.sinceMs, until: m.untilMs == 0 ? nil : m.untilMs,
            afterSequence: m.afterSequence == 0 ? nil : m.afterSequence, limit: m.limit == 0 ? 100 : min(Int(m.limit), 1000))
        let entries: [AuditEntry]
        do { entries = try core.audit.entries(query) } catch { throw core.internalFailure(error).rpcError }
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
        return ServerResponse(message: reply)
    }

    public func verifyAudit(
        request: ServerRequest<Warden_V1_VerifyAuditRequest>, context: ServerContext
    ) async throws -> ServerResponse<Warden_V1_VerifyAuditResponse> {
        try admin(request.metadata)
        let report: AuditVerification
        do { report = try core.audit.verify() } catch { throw core.internalFailure(error).rpcError }
        var reply = Warden_V1_VerifyAuditResponse()
        reply.valid = report.isValid
        reply.entriesChecked = report.entriesChecked
        reply.firstBadSequence = report.firstBadSequence ?? 0
        reply.problem = report.problem ?? ""
        return ServerResponse(message: reply)
    }
}
