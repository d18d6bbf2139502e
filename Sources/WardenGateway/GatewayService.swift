import GRPCCore
import WardenPolicy
import WardenProto
import WardenStore

/// The `warden.v1.Gateway` service over `GatewayCore`.
public struct GatewayService: Warden_V1_Gateway.ServiceProtocol {
    let core: GatewayCore

    public init(core: GatewayCore) {
        self.core = core
    }

    /// Runs `body`, turning `GatewayError` into the matching `RPCError`.
    private func answering<T>(_ body: () throws(GatewayError) -> T) throws -> T {
        do { return try body() } catch { throw error.rpcError }
    }

    private func answering<T>(_ body: () async throws(GatewayError) -> T) async throws -> T {
        do { return try await body() } catch { throw error.rpcError }
    }

    private func agent(_ metadata: Metadata) throws -> AgentRecord {
        try answering { () throws(GatewayError) in
            try core.authenticate(authorization: metadata[stringValues: "authorization"].first(where: { _ in true }))
        }
    }

    public func registerAgent(
        request: ServerRequest<Warden_V1_RegisterAgentRequest>, context: ServerContext
    ) async throws -> ServerResponse<Warden_V1_RegisterAgentResponse> {
        let m = request.message
        let result = try await answering { () async throws(GatewayError) in
            try await core.register(secret: m.enrollmentSecret, name: m.name, team: m.team, org: m.org, labels: m.labels)
        }
        var reply = Warden_V1_RegisterAgentResponse()
        reply.agentID = result.agent.id
        reply.token = result.token
        reply.expiresAt = result.expiresAt
        return ServerResponse(message: reply)
    }

    public func checkPolicy(
        request: ServerRequest<Warden_V1_CheckPolicyRequest>, context: ServerContext
    ) async throws -> ServerResponse<Warden_V1_CheckPolicyResponse> {
        let agent = try agent(request.metadata)
        let a = request.message.action
        let (decision, id) = try await answering { () async throws(GatewayError) in
            try await core.check(agent: agent, type: a.type, target: a.target.isEmpty ? nil : a.target,
                                 paramsJSON: a.paramsJson, contextJSON: a.contextJson)
        }
        var reply = Warden_V1_CheckPolicyResponse()
        reply.decision = Self.proto(decision)
        reply.decisionID = id
        reply.decisionJson = decision.jsonText
        return ServerResponse(message: reply)
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

    public func recordEvent(
        request: ServerRequest<Warden_V1_RecordEventRequest>, context: ServerContext
    ) async throws -> ServerResponse<Warden_V1_RecordEventResponse> {
        let agent = try agent(request.metadata)
        let record = try answering { () throws(GatewayError) in
            try EventRecords.record(request.message.event, agent: agent, now: core.now)
        }
        let entries = try await answering { () async throws(GatewayError) in try await core.record([record]) }
        var reply = Warden_V1_RecordEventResponse()
        reply.sequence = entries[0].sequence
        reply.chainHash = EventRecords.hex(entries[0].hash)
        return ServerResponse(message: reply)
    }

    /// Events arriving on one stream are committed in batches (group commit); the reply comes
    /// once every event is durable.
    public func recordEvents(
        request: StreamingServerRequest<Warden_V1_RecordEventRequest>, context: ServerContext
    ) async throws -> ServerResponse<Warden_V1_RecordEventsResponse> {
        let agent = try agent(request.metadata)
        var pending: [AuditRecord] = []
        var reply = Warden_V1_RecordEventsResponse()
        func flush() async throws {
            guard !pending.isEmpty else { return }
            let batch = pending
            pending.removeAll(keepingCapacity: true)
            let entries = try await answering { () async throws(GatewayError) in try await core.record(batch) }
            if reply.firstSequence == 0 { reply.firstSequence = entries[0].sequence }
            reply.lastSequence = entries[entries.count - 1].sequence
            reply.chainHash = EventRecords.hex(entries[entries.count - 1].hash)
            reply.count += Int64(entries.count)
        }
        for try await message in request.messages {
            let record = try answering { () throws(GatewayError) in
                try EventRecords.record(message.event, agent: agent, now: core.now)
            }
            pending.append(record)
            if pending.count >= 512 { try await flush() }
        }
        try await flush()
        return ServerResponse(message: reply)
    }

    public func getPublicKeys(
        request: ServerRequest<Warden_V1_GetPublicKeysRequest>, context: ServerContext
    ) async throws -> ServerResponse<Warden_V1_GetPublicKeysResponse> {
        var reply = Warden_V1_GetPublicKeysResponse()
        reply.jwksJson = core.jwks.jsonText
        return ServerResponse(message: reply)
    }
}
