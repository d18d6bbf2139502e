import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import WardenServer
import Testing
import WardenCrypto
import WardenPolicy
import WardenProto
@testable import WardenGateway

@Suite("Admin API over gRPC (loopback HTTP/2)")
struct AdminTests {
    struct Harness {
        let gateway: GatewayHarness
        let admin: String
        let policyDir: String

        init() throws {
            gateway = try GatewayHarness()
            admin = try gateway.core.registry.createSecret(kind: .admin, name: "ops-alice", now: gateway.clock.now).secret
            policyDir = gateway.core.configuration.dataDirectory + "/policies"
        }

        func run<R: Sendable>(_ body: (Warden_V1_Gateway.Client<HTTP2ClientTransport.Posix>, Warden_V1_Admin.Client<HTTP2ClientTransport.Posix>) async throws -> R) async throws -> R {
            try await withServer(gateway.core) { client in
                try await body(Warden_V1_Gateway.Client(wrapping: client), Warden_V1_Admin.Client(wrapping: client))
            }
        }

        var auth: Metadata { bearer(admin) }
    }

    @Test("admins list, suspend, resume and revoke agents; agents feel it at once and the log says who")
    func lifecycle() async throws {
        let h = try Harness()
        try await h.run { gateway, admin in
            let reg = try await h.gateway.register(gateway, team: "payments")
            let list = try await admin.listAgents(Warden_V1_ListAgentsRequest(), metadata: h.auth)
            #expect(list.agents.map(\.agentID) == [reg.agentID])
            #expect(list.agents[0].team == "payments" && list.agents[0].state == .active)

            var change = Warden_V1_AgentStateRequest()
            change.agentID = reg.agentID
            change.reason = "looping on payments"
            let suspended = try await admin.suspendAgent(change, metadata: h.auth)
            #expect(suspended.state == .suspended && suspended.stateReason == "looping on payments")
            let quarantined = try await gateway.checkPolicy(checkRequest("bash.execute"), metadata: bearer(reg.token))
            #expect(quarantined.decision.outcome == .deny && quarantined.decision.reason.hasSuffix(": looping on payments"))
            #expect(await rpcError { try await gateway.scan(Warden_V1_ScanRequest.with { $0.text = "hi" }, metadata: bearer(reg.token)) }?.code == .permissionDenied)

            _ = try await admin.resumeAgent(change, metadata: h.auth)
            let resumed = try await gateway.checkPolicy(checkRequest("bash.execute"), metadata: bearer(reg.token))
            #expect(resumed.decision.outcome == .allow)

            _ = try await admin.revokeAgent(change, metadata: h.auth)
            #expect(await rpcError { try await gateway.checkPolicy(checkRequest("x"), metadata: bearer(reg.token)) }?.code == .unauthenticated)
            let resume = await rpcError { try await admin.resumeAgent(change, metadata: h.auth) }
            #expect(resume?.code == .failedPrecondition)

            var missing = Warden_V1_AgentStateRequest()
            missing.agentID = "agt_nope"
            #expect(await rpcError { try await admin.suspendAgent(missing, metadata: h.auth) }?.code == .notFound)
            var get = Warden_V1_GetAgentRequest()
            get.agentID = reg.agentID
            #expect(try await admin.getAgent(get, metadata: h.auth).state == .revoked)
        }
        let kinds = try h.gateway.core.audit.entries().map(\.record.kind)
        #expect(kinds.contains("agent.suspended") && kinds.contains("agent.active") && kinds.contains("agent.revoked"))
        let suspendedEntry = try h.gateway.core.audit.entries(.init(kind: "agent.suspended"))[0]
        #expect(suspendedEntry.record.payload == #"{"by":"ops-alice","reason":"looping on payments","previous":"active"}"#)
    }

    @Test("the Admin API refuses agent tokens, wrong secrets and missing credentials")
    func adminAuth() async throws {
        let h = try Harness()
        try await h.run { gateway, admin in
            let reg = try await h.gateway.register(gateway)
            let withToken = await rpcError { try await admin.listAgents(Warden_V1_ListAgentsRequest(), metadata: bearer(reg.token)) }
            #expect(withToken?.code == .permissionDenied)
            #expect(withToken?.message.contains("agent tokens are not accepted by the Admin API") == true)
            let wrong = await rpcError { try await admin.verifyAudit(Warden_V1_VerifyAuditRequest(), metadata: bearer("wd_admin_wrong")) }
            #expect(wrong?.code == .unauthenticated && wrong?.message == "invalid admin secret")
            let none = await rpcError { try await admin.queryAudit(Warden_V1_QueryAuditRequest()) }
            #expect(none?.code == .unauthenticated)
            // And an admin secret is no agent token.
            #expect(await rpcError { try await gateway.checkPolicy(checkRequest("x"), metadata: h.auth) }?.code == .unauthenticated)
        }
    }

    @Test("ReloadPolicies swaps in a valid set and keeps the old one when the new set is invalid")
    func reload() async throws {
        let h = try Harness()
        try FileManager.default.createDirectory(atPath: h.policyDir, withIntermediateDirectories: true)
        var configuration = h.gateway.core.configuration
        configuration.policyPaths = [h.policyDir]
        // A core with policy paths, sharing nothing with the harness core but the data directory.
        let core = try GatewayCore(configuration: configuration, engine: try PolicyEngine(yaml: "default: deny\n"))
        try "default: allow\n".write(toFile: h.policyDir + "/p.yaml", atomically: true, encoding: .utf8)
        guard case .success(let policies) = core.reloadPolicies() else {
            Issue.record("valid set should load")
            return
        }
        #expect(policies.map(\.reference.name) == ["p"])
        #expect(core.policies.evaluate(Action(type: "x")).outcome == .allow)
        try "default: sometimes\n".write(toFile: h.policyDir + "/p.yaml", atomically: true, encoding: .utf8)
        guard case .failure(let error) = core.reloadPolicies() else {
            Issue.record("invalid set should be rejected")
            return
        }
        #expect(error.diagnostics.first?.message.contains("invalid default 'sometimes'") == true)
        #expect(core.policies.evaluate(Action(type: "x")).outcome == .allow, "the old set stays in force")
    }

    @Test("QueryAudit filters and VerifyAudit reports the chain")
    func audit() async throws {
        let h = try Harness()
        try await h.run { gateway, admin in
            let reg = try await h.gateway.register(gateway)
            _ = try await gateway.checkPolicy(checkRequest("bash.execute", params: #"{"command":"rm -rf /"}"#), metadata: bearer(reg.token))
            _ = try await gateway.checkPolicy(checkRequest("bash.execute", params: #"{"command":"ls"}"#), metadata: bearer(reg.token))
            var q = Warden_V1_QueryAuditRequest()
            q.outcome = "deny"
            let denies = try await admin.queryAudit(q, metadata: h.auth)
            #expect(denies.entries.count == 1 && denies.entries[0].agentID == reg.agentID && denies.entries[0].hash.count == 64)
            q.outcome = "maybe"
            #expect(await rpcError { try await admin.queryAudit(q, metadata: h.auth) }?.code == .invalidArgument)
            let report = try await admin.verifyAudit(Warden_V1_VerifyAuditRequest(), metadata: h.auth)
            #expect(report.valid && report.entriesChecked == 3)
        }
    }
}
