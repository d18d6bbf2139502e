import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Synchronization
import CSQLite
import Testing
import WardenPolicy
import WardenProto
import WardenServer
import WardenStore
@testable import WardenGateway

typealias GatewayClient = Warden_V1_Gateway.Client<HTTP2ClientTransport.Posix>
typealias AdminClient = Warden_V1_Admin.Client<HTTP2ClientTransport.Posix>

@Suite("Governance: approvals, rate limits, budgets, quarantine")
struct GovernanceTests {
    static let policy = """
        name: gov
        version: "1"
        default: allow
        approval: {timeout_seconds: 60}
        statements:
          - {sid: ReviewDeploy, effect: review, actions: [deploy.run]}
        tools:
          bash: {limit_per_hour: 5}
        budget:
          daily_limit_usd: 10
          per: agent
          applies_to: [llm.call]
        """

    struct Harness {
        let gateway: GatewayHarness
        let admin: String

        init(policy: String = GovernanceTests.policy, governance: GovernanceConfiguration = .init(), directory: String? = nil,
             clock: TestClock = TestClock()) throws {
            // Tokens outlive the clock jumps of these tests (windows of an hour, budgets of a day).
            gateway = try GatewayHarness(policy: policy, governance: governance, directory: directory, clock: clock, tokenTTL: 3 * 86_400)
            admin = try gateway.core.registry.createSecret(kind: .admin, name: "ops-alice", now: gateway.clock.now).secret
        }

        var core: GatewayCore { gateway.core }

        func run<R: Sendable>(_ body: (GatewayClient, AdminClient) async throws -> R) async throws -> R {
            try await withServer(gateway.core) { client in
                try await body(Warden_V1_Gateway.Client(wrapping: client), Warden_V1_Admin.Client(wrapping: client))
            }
        }

        var auth: Metadata { bearer(admin) }
    }

    static func decide(_ id: String, _ verdict: Warden_V1_Verdict, note: String = "") -> Warden_V1_DecideApprovalRequest {
        var r = Warden_V1_DecideApprovalRequest()
        r.approvalID = id
        r.verdict = verdict
        r.note = note
        return r
    }

    static func wait(_ gateway: GatewayClient, _ id: String, token: String) async throws -> [Warden_V1_Approval] {
        var r = Warden_V1_WaitForApprovalRequest()
        r.approvalID = id
        return try await gateway.waitForApproval(r, metadata: bearer(token)) { response in
            var out: [Warden_V1_Approval] = []
            for try await message in response.messages { out.append(message) }
            return out
        }
    }

    static func deploy(_ version: String = "v2") -> Warden_V1_CheckPolicyRequest {
        checkRequest("deploy.run", params: #"{"version":"\#(version)"}"#)
    }

    // MARK: Approvals

    @Test("require_approval → pending approval at once → the waiting stream gets 'approved' → the same action is allowed exactly once")
    func approvalRoundTrip() async throws {
        let h = try Harness()
        try await h.run { gateway, admin in
            let reg = try await h.gateway.register(gateway)
            let first = try await gateway.checkPolicy(Self.deploy(), metadata: bearer(reg.token))
            #expect(first.decision.outcome == .requireApproval)
            #expect(first.approvalID.hasPrefix("apr_"))
            #expect(first.approvalExpiresAt == h.gateway.clock.now + 60)
            // Asking again while it is pending gives the same approval, not a second one.
            let again = try await gateway.checkPolicy(Self.deploy(), metadata: bearer(reg.token))
            #expect(again.approvalID == first.approvalID)
            // A different action (other params) is a different approval.
            let other = try await gateway.checkPolicy(Self.deploy("v3"), metadata: bearer(reg.token))
            #expect(other.approvalID != first.approvalID && !other.approvalID.isEmpty)

            async let waited = Self.wait(gateway, first.approvalID, token: reg.token)
            try await Task.sleep(for: .milliseconds(200))
            let approved = try await admin.decideApproval(Self.decide(first.approvalID, .approve, note: "ship it"), metadata: h.auth)
            #expect(approved.state == .approved && approved.decidedBy == "ops-alice" && approved.note == "ship it")
            let messages = try await waited
            #expect(messages.count == 1)
            #expect(messages.first?.state == .approved)
            #expect(messages.first?.decidedBy == "ops-alice")

            let retry = try await gateway.checkPolicy(Self.deploy(), metadata: bearer(reg.token))
            #expect(retry.decision.outcome == .allow)
            #expect(retry.decision.rules == ["ReviewDeploy", "approval:\(first.approvalID)"])
            #expect(retry.decision.reason.hasPrefix("approved by ops-alice (approval \(first.approvalID)): "))
            #expect(retry.approvalID.isEmpty)
            // Once only: the next identical check asks a human again.
            let third = try await gateway.checkPolicy(Self.deploy(), metadata: bearer(reg.token))
            #expect(third.decision.outcome == .requireApproval)
            #expect(third.approvalID != first.approvalID)

            var get = Warden_V1_GetApprovalRequest()
            get.approvalID = first.approvalID
            let used = try await admin.getApproval(get, metadata: h.auth)
            #expect(used.consumedAt == h.gateway.clock.now && used.consumedDecisionID == retry.decisionID)
            #expect(used.actionJson == #"{"type":"deploy.run","params":{"version":"v2"}}"#)

            var list = Warden_V1_ListApprovalsRequest()
            list.state = .pending
            let pending = try await admin.listApprovals(list, metadata: h.auth)
            #expect(Set(pending.approvals.map(\.approvalID)) == [other.approvalID, third.approvalID])
        }
        let kinds = try h.core.audit.entries(.init()).map(\.record.kind)
        #expect(kinds.filter { $0 == "approval.created" }.count == 3)
        #expect(kinds.contains("approval.approved") && kinds.contains("approval.consumed"))
        #expect(try h.core.audit.verify().isValid)
    }

    @Test("deciding twice: same verdict is idempotent, a different one is FAILED_PRECONDITION; bad requests are precise")
    func decideTwice() async throws {
        let h = try Harness()
        try await h.run { gateway, admin in
            let reg = try await h.gateway.register(gateway)
            let id = try await gateway.checkPolicy(Self.deploy(), metadata: bearer(reg.token)).approvalID
            let rejected = try await admin.decideApproval(Self.decide(id, .reject, note: "not on a Friday"), metadata: h.auth)
            #expect(rejected.state == .rejected)
            let same = try await admin.decideApproval(Self.decide(id, .reject), metadata: h.auth)
            #expect(same == rejected)
            let flip = await rpcError { try await admin.decideApproval(Self.decide(id, .approve), metadata: h.auth) }
            #expect(flip?.code == .failedPrecondition)
            #expect(flip?.message.contains("already rejected by ops-alice") == true)
            #expect(await rpcError { try await admin.decideApproval(Self.decide("apr_nope", .approve), metadata: h.auth) }?.code == .notFound)
            let noVerdict = await rpcError { try await admin.decideApproval(Self.decide(id, .unspecified), metadata: h.auth) }
            #expect(noVerdict?.code == .invalidArgument && noVerdict?.message.contains("verdict") == true)
            #expect(await rpcError { try await admin.decideApproval(Self.decide("", .approve), metadata: h.auth) }?.code == .invalidArgument)
            // Agents cannot decide their own approvals.
            #expect(await rpcError { try await admin.decideApproval(Self.decide(id, .approve), metadata: bearer(reg.token)) }?.code == .permissionDenied)
            // A rejected approval's waiter hears at once; a stranger's approval does not exist for another agent.
            #expect(try await Self.wait(gateway, id, token: reg.token).map(\.state) == [.rejected])
            let stranger = try await h.gateway.register(gateway)
            #expect(await rpcError { try await Self.wait(gateway, id, token: stranger.token) }?.code == .notFound)
            #expect(await rpcError { try await Self.wait(gateway, "apr_missing", token: reg.token) }?.code == .notFound)
            // Rejected means denied: the same action asks again rather than running.
            #expect(try await gateway.checkPolicy(Self.deploy(), metadata: bearer(reg.token)).decision.outcome == .requireApproval)
        }
        #expect(try h.core.audit.entries(.init(kind: "approval.rejected")).count == 1)
    }

    @Test("an undecided approval expires (deny): waiters get 'expired', deciding it fails, the audit log records it")
    func expiry() async throws {
        let h = try Harness()
        try await h.run { gateway, admin in
            let reg = try await h.gateway.register(gateway)
            let id = try await gateway.checkPolicy(Self.deploy(), metadata: bearer(reg.token)).approvalID
            async let waited = Self.wait(gateway, id, token: reg.token)
            try await Task.sleep(for: .milliseconds(200))
            h.gateway.clock.advance(61)
            #expect(try h.core.approvals.expireDue() == 1)
            #expect(try await waited.map(\.state) == [.expired])
            let late = await rpcError { try await admin.decideApproval(Self.decide(id, .approve), metadata: h.auth) }
            #expect(late?.code == .failedPrecondition && late?.message.contains("expired at") == true)
            #expect(try await gateway.checkPolicy(Self.deploy(), metadata: bearer(reg.token)).approvalID != id)
        }
        #expect(try h.core.audit.entries(.init(kind: "approval.expired")).count == 1)
    }

    @Test("waits for one approval are capped: the oldest is ended with RESOURCE_EXHAUSTED, the rest still get the answer")
    func waiterCap() async throws {
        let h = try Harness()
        let delivered = Mutex<[String]>([])
        let reg = try await h.core.register(secret: h.gateway.enrollment, name: "w", team: nil, org: nil, labels: [:])
        let id = try await h.core.check(agent: reg.agent, type: "deploy.run", target: nil, paramsJSON: "", contextJSON: "").approval!.id
        for i in 0...ApprovalService.maxWaitersPerApproval {
            try h.core.approvals.wait(for: id, agentID: reg.agent.id, deliver: { a in delivered.withLock { $0.append("\(i):\(a.state.rawValue)") } },
                                      superseded: { delivered.withLock { $0.append("\(i):superseded") } })
        }
        #expect(delivered.withLock { $0 } == ["0:superseded"])
        _ = try await h.core.approvals.decide(id, approve: true, by: "ops", note: nil)
        let all = delivered.withLock { $0 }
        #expect(all.count == ApprovalService.maxWaitersPerApproval + 1)
        #expect(all.dropFirst().allSatisfy { $0.hasSuffix(":approved") })
    }

    @Test("pending approvals, grants and rate windows survive a restart")
    func restart() async throws {
        let clock = TestClock()
        let first = try Harness(clock: clock)
        let dir = first.core.configuration.dataDirectory
        let (token, approvalID) = try await first.run { gateway, _ in
            let reg = try await first.gateway.register(gateway)
            for _ in 0..<5 { _ = try await gateway.checkPolicy(checkRequest("bash.execute"), metadata: bearer(reg.token)) }
            return (reg.token, try await gateway.checkPolicy(Self.deploy(), metadata: bearer(reg.token)).approvalID)
        }
        let second = try Harness(directory: dir, clock: clock)
        try await second.run { gateway, admin in
            var list = Warden_V1_ListApprovalsRequest()
            list.state = .pending
            #expect(try await admin.listApprovals(list, metadata: second.auth).approvals.map(\.approvalID) == [approvalID])
            #expect(try await gateway.checkPolicy(checkRequest("bash.execute"), metadata: bearer(token)).decision.outcome == .deny)
            _ = try await admin.decideApproval(Self.decide(approvalID, .approve), metadata: second.auth)
            #expect(try await gateway.checkPolicy(Self.deploy(), metadata: bearer(token)).decision.outcome == .allow)
        }
    }

    // MARK: Rate limits

    @Test("64 parallel checks against limit_per_hour 5: exactly 5 allowed; the reason says when the next call is allowed")
    func parallelRateLimit() async throws {
        let h = try Harness()
        try await h.run { gateway, _ in
            let reg = try await h.gateway.register(gateway)
            let outcomes = try await withThrowingTaskGroup(of: Warden_V1_Decision.self) { group in
                for _ in 0..<64 {
                    group.addTask { try await gateway.checkPolicy(checkRequest("bash.execute"), metadata: bearer(reg.token)).decision }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0.outcome == .allow }.count == 5)
            let denied = outcomes.filter { $0.outcome == .deny }
            #expect(denied.count == 59)
            let next = GatewayCore.iso(h.gateway.clock.now + 3600)
            #expect(denied.first?.reason == "rate limit of 5 calls per hour for tools.bash reached (policy 'gov'): 5 in the last hour; the next call is allowed at \(next)")
            #expect(denied.first?.rules == ["tools.bash.limit_per_hour"])
            // Another agent has its own window; this one's slides open after an hour.
            let other = try await h.gateway.register(gateway)
            #expect(try await gateway.checkPolicy(checkRequest("bash.execute"), metadata: bearer(other.token)).decision.outcome == .allow)
            h.gateway.clock.advance(3600)
            #expect(try await gateway.checkPolicy(checkRequest("bash.execute"), metadata: bearer(reg.token)).decision.outcome == .allow)
        }
    }

    // MARK: Budgets

    static func llmCheck(cost: Double) -> Warden_V1_CheckPolicyRequest {
        checkRequest("llm.call", params: #"{"model":"m","estimated_cost_usd":\#(cost)}"#)
    }

    @Test("64 parallel checks each reserving $1 against a $10 daily budget: exactly 10 allowed")
    func parallelBudget() async throws {
        let h = try Harness()
        try await h.run { gateway, _ in
            let reg = try await h.gateway.register(gateway)
            let outcomes = try await withThrowingTaskGroup(of: Warden_V1_Decision.self) { group in
                for _ in 0..<64 { group.addTask { try await gateway.checkPolicy(Self.llmCheck(cost: 1), metadata: bearer(reg.token)).decision } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0.outcome == .allow }.count == 10)
            // Bursts of concurrent calls are committed in chunks: every decision is in the log, once.
            #expect(try h.core.audit.entries(AuditQuery(kind: "decision")).count == 64)
            #expect(try h.core.audit.verify().isValid)
            let reason = outcomes.first { $0.outcome == .deny }?.reason ?? ""
            #expect(reason.hasPrefix("daily budget of $10.00 for agent:\(reg.agentID) reached: $10.00 used (policy 'gov'); resets at "), "\(reason)")
        }
    }

    /// A harness whose pricing table knows claude-x at $1 per 1K input and $2 per 1K output tokens.
    static func pricedHarness() throws -> Harness {
        var governance = GovernanceConfiguration()
        governance.pricing = PricingTable(models: ["claude-x": .init(inputPer1K: 1, outputPer1K: 2)])
        return try Harness(governance: governance)
    }

    @Test("llm_call events settle reservations, count when unlinked, and the budget resets at local midnight")
    func budgetAccounting() async throws {
        let h = try Self.pricedHarness()
        try await h.run { gateway, admin in
            let reg = try await h.gateway.register(gateway)
            let allowed = try await gateway.checkPolicy(Self.llmCheck(cost: 6), metadata: bearer(reg.token))
            #expect(allowed.decision.outcome == .allow)
            // $6 reserved: a $5 call would exceed $10.
            let tooMuch = try await gateway.checkPolicy(Self.llmCheck(cost: 5), metadata: bearer(reg.token))
            #expect(tooMuch.decision.outcome == .deny)
            #expect(tooMuch.decision.reason.contains("would be exceeded: $6.00 used + $5.00 estimated"), "\(tooMuch.decision.reason)")
            // The call actually cost 1000 in + 500 out tokens of claude-x = $2: the reservation becomes $2.
            var event = Warden_V1_RecordEventRequest()
            event.event.decisionID = allowed.decisionID
            event.event.llmCall = .with { $0.model = "claude-x"; $0.inputTokens = 1000; $0.outputTokens = 500; $0.costUsd = 0.01 }
            _ = try await gateway.recordEvent(event, metadata: bearer(reg.token))
            #expect(try await gateway.checkPolicy(Self.llmCheck(cost: 5), metadata: bearer(reg.token)).decision.outcome == .allow)
            // An unlinked event of an unknown model is priced as reported: $3 more, now $10 used.
            var unlinked = Warden_V1_RecordEventRequest()
            unlinked.event.llmCall = .with { $0.model = "other"; $0.inputTokens = 10; $0.costUsd = 3 }
            _ = try await gateway.recordEvent(unlinked, metadata: bearer(reg.token))
            let full = try await gateway.checkPolicy(checkRequest("llm.call"), metadata: bearer(reg.token))
            #expect(full.decision.outcome == .deny && full.decision.reason.contains("reached: $10.00 used"), "\(full.decision.reason)")

            var request = Warden_V1_GetBudgetsRequest()
            request.agentID = reg.agentID
            let usage = try await admin.getBudgets(request, metadata: h.auth).budgets
            #expect(usage.count == 1)
            #expect(usage.first?.used == 10 && usage.first?.limit == 10 && usage.first?.subject == "agent:\(reg.agentID)")
            #expect(usage.first?.period == "day" && usage.first?.metric == "usd" && usage.first?.timezone == "UTC")

            // Negative estimates are refused with a reason, not counted.
            let bad = try await gateway.checkPolicy(checkRequest("llm.call", params: #"{"estimated_cost_usd":-1}"#), metadata: bearer(reg.token))
            #expect(bad.decision.outcome == .deny && bad.decision.reason.hasPrefix("params.estimated_cost_usd must be a number >= 0"))

            let resets = usage.first?.resetsAt ?? 0
            h.gateway.clock.advance(resets - h.gateway.clock.now)
            #expect(try await gateway.checkPolicy(Self.llmCheck(cost: 9), metadata: bearer(reg.token)).decision.outcome == .allow)
        }
    }

    @Test("RecordEvents counts a batch's llm_call spending when the batch commits, and none of a failed one")
    func streamedSpending() async throws {
        let h = try Self.pricedHarness()
        try await h.run { gateway, admin in
            let reg = try await h.gateway.register(gateway)
            let allowed = try await gateway.checkPolicy(Self.llmCheck(cost: 6), metadata: bearer(reg.token))
            #expect(allowed.decision.outcome == .allow)
            var usage = Warden_V1_GetBudgetsRequest()
            usage.agentID = reg.agentID
            // Settles the $6 reservation at $2 (1000 in + 500 out of claude-x), adds $3 reported
            // by an unlinked call; the custom event costs nothing.
            let streamed = try await gateway.recordEvents(metadata: bearer(reg.token)) { writer in
                var linked = Warden_V1_RecordEventRequest()
                linked.event.decisionID = allowed.decisionID
                linked.event.llmCall = .with { $0.model = "claude-x"; $0.inputTokens = 1000; $0.outputTokens = 500 }
                try await writer.write(linked)
                var custom = Warden_V1_RecordEventRequest()
                custom.event.custom = .with { $0.name = "note" }
                try await writer.write(custom)
                var unlinked = Warden_V1_RecordEventRequest()
                unlinked.event.llmCall = .with { $0.model = "other"; $0.inputTokens = 10; $0.costUsd = 3 }
                try await writer.write(unlinked)
            }
            #expect(streamed.count == 3)
            #expect(try await admin.getBudgets(usage, metadata: h.auth).budgets.first?.used == 5)
            // A bad event fails the call before its batch commits: the $4 before it is not counted.
            let failed = await rpcError {
                _ = try await gateway.recordEvents(metadata: bearer(reg.token)) { writer in
                    var four = Warden_V1_RecordEventRequest()
                    four.event.llmCall = .with { $0.model = "other"; $0.costUsd = 4 }
                    try await writer.write(four)
                    var bad = Warden_V1_RecordEventRequest()
                    bad.event.llmCall = .with { $0.model = "other"; $0.inputTokens = -1 }
                    try await writer.write(bad)
                }
            }
            #expect(failed?.code == .invalidArgument)
            #expect(try await admin.getBudgets(usage, metadata: h.auth).budgets.first?.used == 5)
        }
    }

    @Test("unary llm_call events sent together are counted together; a failed spending write fails only the events that carried spending")
    func unarySpendingInBursts() async throws {
        let h = try Self.pricedHarness()
        try await h.run { gateway, admin in
            let reg = try await h.gateway.register(gateway)
            var usage = Warden_V1_GetBudgetsRequest()
            usage.agentID = reg.agentID
            // 20 events of $0.25 and 5 custom ones, concurrently: many arrive in one burst of reads.
            func burst(llmCalls: Int, custom: Int) async -> [Bool: Int] {
                await withTaskGroup(of: (Bool, Bool).self) { group in
                    for i in 0..<(llmCalls + custom) {
                        group.addTask {
                            var event = Warden_V1_RecordEventRequest()
                            if i < llmCalls {
                                event.event.llmCall = .with { $0.model = "other"; $0.costUsd = 0.25 }
                            } else {
                                event.event.custom = .with { $0.name = "note" }
                            }
                            let ok = (try? await gateway.recordEvent(event, metadata: bearer(reg.token))) != nil
                            return (i < llmCalls, ok)
                        }
                    }
                    return await group.reduce(into: [:]) { tally, r in tally[r.0, default: 0] += r.1 ? 1 : 0 }
                }
            }
            #expect(await burst(llmCalls: 20, custom: 5) == [true: 20, false: 5])
            #expect(try await admin.getBudgets(usage, metadata: h.auth).budgets.first?.used == 5)

            // Spending can no longer be written: the llm_call events fail and are not recorded;
            // the custom events sent with them are.
            let governanceDB = (h.core.configuration.dataDirectory as NSString).appendingPathComponent("governance.db")
            try sql(governanceDB, "CREATE TRIGGER no_spend BEFORE INSERT ON spend BEGIN SELECT RAISE(FAIL, 'disk says no'); END")
            #expect(await burst(llmCalls: 4, custom: 4) == [true: 0, false: 4])
            #expect(try h.core.audit.entries(AuditQuery(kind: "event.llm_call")).count == 20)
            #expect(try h.core.audit.entries(AuditQuery(kind: "event.custom")).count == 9)
            let refused = await rpcError {
                var event = Warden_V1_RecordEventRequest()
                event.event.llmCall = .with { $0.model = "other"; $0.costUsd = 1 }
                _ = try await gateway.recordEvent(event, metadata: bearer(reg.token))
            }
            #expect(refused?.code == .internalError)
            #expect(try await admin.getBudgets(usage, metadata: h.auth).budgets.first?.used == 5)
            #expect(try h.core.audit.verify().isValid)
        }
    }

    @Test("unlinked llm_calls of one agent and model in the same second are one ledger row with their sum; huge sums saturate")
    func ledgerRowsMerge() async throws {
        let h = try Self.pricedHarness()
        let agentID = try await h.run { gateway, _ in try await h.gateway.register(gateway).agentID }
        let agent = try #require(try h.core.registry.agent(agentID))
        func call(_ model: String, usd: Double, tokens: Int64 = 10, at: Int64 = 1_000, decision: String? = nil) -> Governance.LLMCall {
            Governance.LLMCall(model: model, inputTokens: tokens, outputTokens: 0, reportedUSD: usd, decisionID: decision, agent: agent, at: at)
        }
        let governanceDB = (h.core.configuration.dataDirectory as NSString).appendingPathComponent("governance.db")
        func rows() throws -> Int64? { try sql(governanceDB, "SELECT COUNT(*) FROM spend") }
        func spent() throws -> SpendTotals {
            try h.core.governance.store.transaction { (s: inout GovernanceStore.Session) throws(StoreError) in try s.spent(by: .agent(agentID), since: 0) }
        }
        // Three of model a at one second, one of model b, one a second later, one with a decision id
        // (no reservation to settle): four rows, every dollar and token counted.
        try h.core.governance.recordLLMCalls([
            call("a", usd: 1), call("b", usd: 2), call("a", usd: 3), call("a", usd: 4, at: 1_001), call("a", usd: 5, decision: "dec_x"),
            call("a", usd: 6),
        ])
        #expect(try rows() == 4)
        #expect(try spent() == SpendTotals(microUSD: 21_000_000, tokens: 60))
        // Ten calls of a trillion dollars each overflow Int64 micro-dollars: held at the maximum, never negative.
        let before = try rows()
        try h.core.governance.recordLLMCalls((0..<10).map { _ in call("c", usd: 1e12, tokens: .max / 4) })
        #expect(try rows() == before.map { $0 + 1 })
        #expect(try sql(governanceDB, "SELECT micro_usd FROM spend WHERE model = 'c'") == .max)
        #expect(try sql(governanceDB, "SELECT tokens FROM spend WHERE model = 'c'") == .max)
    }

    @Test("a token budget with action_on_exceed: suspend quarantines the agent until an admin resumes it")
    func budgetSuspends() async throws {
        let policy = """
            name: tokens
            default: allow
            budget: {daily_token_limit: 1000, action_on_exceed: suspend, timezone: America/New_York}
            """
        let h = try Harness(policy: policy)
        try await h.run { gateway, admin in
            let reg = try await h.gateway.register(gateway)
            var event = Warden_V1_RecordEventRequest()
            event.event.llmCall = .with { $0.model = "m"; $0.inputTokens = 700; $0.outputTokens = 300 }
            _ = try await gateway.recordEvent(event, metadata: bearer(reg.token))
            let over = try await gateway.checkPolicy(checkRequest("llm.call"), metadata: bearer(reg.token))
            #expect(over.decision.outcome == .deny)
            #expect(over.decision.reason.hasPrefix("daily token budget of 1000 tokens for all reached: 1000 tokens used (policy 'tokens'); resets at "))
            #expect(over.decision.reason.hasSuffix("(America/New_York)"))
            var get = Warden_V1_GetAgentRequest()
            get.agentID = reg.agentID
            let agent = try await admin.getAgent(get, metadata: h.auth)
            #expect(agent.state == .suspended && agent.stateReason.hasPrefix("budget exceeded: daily token budget"))
            let quarantined = try await gateway.checkPolicy(checkRequest("bash.execute"), metadata: bearer(reg.token))
            #expect(quarantined.decision.rules == ["quarantine"] && quarantined.decision.reason.contains("budget exceeded"))
            var resume = Warden_V1_AgentStateRequest()
            resume.agentID = reg.agentID
            _ = try await admin.resumeAgent(resume, metadata: h.auth)
            #expect(try await gateway.checkPolicy(checkRequest("bash.execute"), metadata: bearer(reg.token)).decision.outcome == .allow)
        }
        let suspension = try h.core.audit.entries(.init(kind: "agent.suspended")).first
        #expect(suspension?.record.payload.hasPrefix(#"{"by":"budget","reason":"budget exceeded: "#) == true)
    }

    @Test("budget periods follow the policy's timezone")
    func periods() {
        let newYork = TimeZone(identifier: "America/New_York")!
        // 2026-12-01T03:00:00Z is 22:00 on Nov 30 in New York.
        let (start, end) = Governance.period(.day, containing: 1_796_094_000, in: newYork)
        #expect(GatewayCore.iso(start) == "2026-11-30T05:00:00Z" && GatewayCore.iso(end) == "2026-12-01T05:00:00Z")
        let (mStart, mEnd) = Governance.period(.month, containing: 1_796_094_000, in: newYork)
        #expect(GatewayCore.iso(mStart) == "2026-11-01T04:00:00Z" && GatewayCore.iso(mEnd) == "2026-12-01T05:00:00Z")
    }

    @Test("pricing: the table wins, then the reported cost, then unknown_model, then the dearest known model")
    func pricing() {
        let table = PricingTable(models: ["A": .init(inputPer1K: 1, outputPer1K: 4), "b": .init(inputPer1K: 2, outputPer1K: 3)])
        #expect(table.cost(model: "a", inputTokens: 1000, outputTokens: 1000, reportedUSD: 99) == (5, "pricing"))
        #expect(table.cost(model: "z", inputTokens: 1000, outputTokens: 1000, reportedUSD: 0.5) == (0.5, "reported"))
        #expect(table.cost(model: "z", inputTokens: 1000, outputTokens: 1000, reportedUSD: 0) == (6, "fallback"))
        let withUnknown = PricingTable(models: [:], unknownModel: .init(inputPer1K: 0.5, outputPer1K: 0.5))
        #expect(withUnknown.cost(model: "z", inputTokens: 2000, outputTokens: 0, reportedUSD: 0) == (1, "fallback"))
        #expect(PricingTable().cost(model: "z", inputTokens: 2000, outputTokens: 0, reportedUSD: 0) == (0, "none"))
    }

    @Test("the action fingerprint covers type, target and params, not context")
    func fingerprint() {
        let a = ActionFingerprint.of(type: "deploy.run", target: "prod", params: ["v": "2"])
        #expect(a == ActionFingerprint.of(type: "deploy.run", target: "prod", params: ["v": "2"]))
        #expect(a != ActionFingerprint.of(type: "deploy.run", target: "prod", params: ["v": "3"]))
        #expect(a != ActionFingerprint.of(type: "deploy.run", target: nil, params: ["v": "2"]))
        #expect(a != ActionFingerprint.of(type: "deploy.stop", target: "prod", params: ["v": "2"]))
    }

    @Test("webhook bodies carry a Slack text and the approval; the signature is HMAC-SHA256 over timestamp.body")
    func webhookBody() {
        let a = ApprovalRecord(
            id: "apr_1", agentID: "agt_1", state: .pending, fingerprint: "f", actionType: "deploy.run", actionJSON: #"{"type":"deploy.run"}"#,
            rules: ["R"], reason: "statement 'R' requires approval", risk: "medium", policyName: "p", policyVersion: "1", decisionID: "dec_1",
            createdAt: 1_796_000_000, expiresAt: 1_796_000_060)
        let body = WebhookNotifier.body(event: "approval.created", approval: a)
        #expect(body.hasPrefix(#"{"event":"approval.created","text":"Warden: agent agt_1 asks to run deploy.run (statement 'R' requires approval). Approve with `warden approvals approve apr_1`"#))
        #expect(body.contains(#""approval":{"approval_id":"apr_1","agent_id":"agt_1","state":"pending""#))
        // python3: hmac.new(b"key", b"1796000000.{}", hashlib.sha256).hexdigest()
        #expect(WebhookNotifier.signature(secret: Array("key".utf8), timestamp: "1796000000", body: "{}")
            == "sha256=be3030cc046098539614b2d7d21d07b1a0ed0e21b158fd1f25969485b8f6f747")
    }
}

/// Runs one SQL statement against a database file of the gateway, as someone with write access
/// to it could; returns the first column of its first row, if it yields one.
@discardableResult
func sql(_ path: String, _ statementText: String) throws -> Int64? {
    var db: OpaquePointer?
    guard sqlite3_open(path, &db) == SQLITE_OK else { throw StoreError(code: .io, message: "cannot open \(path)") }
    defer { sqlite3_close(db) }
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(db, statementText, -1, &statement, nil) == SQLITE_OK else { throw StoreError(code: .sqlite, message: String(cString: sqlite3_errmsg(db))) }
    defer { sqlite3_finalize(statement) }
    switch sqlite3_step(statement) {
    case SQLITE_ROW: return sqlite3_column_int64(statement, 0)
    case SQLITE_DONE: return nil
    default: throw StoreError(code: .sqlite, message: String(cString: sqlite3_errmsg(db)))
    }
}
