import ArgumentParser
import Foundation
import GRPCCore
import WardenClient
import WardenProto

/// `warden approvals`: the humans in human-in-the-loop, through a running gateway's Admin API.
struct ApprovalsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approvals",
        abstract: "List, show, approve and reject pending approvals on a running gateway.",
        discussion: """
            A require_approval decision creates a pending approval; the agent waits for it \
            (WaitForApproval) and, once it is approved, may perform the same action (same type, \
            target and params) once within the grant window (approvals.grant_ttl_seconds, default \
            an hour). Rejected or expired approvals deny. Your admin secret's name is recorded as \
            the decider. The secret comes from $WARDEN_ADMIN_SECRET or --admin-secret-file.
            """,
        subcommands: [List.self, Show.self, Approve.self, Reject.self])

    static func time(_ t: Int64) -> String {
        t == 0 ? "-" : Date(timeIntervalSince1970: TimeInterval(t)).formatted(.iso8601)
    }

    static func render(_ a: Warden_V1_Approval, json: Bool, detailed: Bool = false) -> String {
        if json { return a.jsonText }
        var line = "\(a.approvalID)  \(a.state.label)  \(a.agentID)  \(a.actionType)  \(a.reason)"
        if a.state == .pending { line += "  (expires \(time(a.expiresAt)))" }
        guard detailed else { return line }
        var lines = [
            "approval   \(a.approvalID)",
            "state      \(a.state.label)",
            "agent      \(a.agentID)",
            "action     \(a.actionJson)",
            "rules      \(a.rules.joined(separator: ", "))",
            "reason     \(a.reason)",
            "risk       \(a.risk)",
            "policy     \(a.policyName)\(a.policyVersion.isEmpty ? "" : " v\(a.policyVersion)")",
            "decision   \(a.decisionID)",
            "created    \(time(a.createdAt))",
            "expires    \(time(a.expiresAt))",
        ]
        if a.decidedAt != 0 { lines.append("decided    \(time(a.decidedAt)) by \(a.decidedBy)\(a.note.isEmpty ? "" : ": \(a.note)")") }
        if a.grantExpiresAt != 0 {
            lines.append(a.consumedAt != 0
                ? "used       \(time(a.consumedAt)) (decision \(a.consumedDecisionID))"
                : "retry      allowed once until \(time(a.grantExpiresAt))")
        }
        return lines.joined(separator: "\n")
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List approvals, newest first (default: pending only).")
        @OptionGroup var options: AgentsCommand.ServerOptions
        @Option(help: "pending (default), approved, rejected, expired or all.") var state: String = "pending"
        @Option(help: "Only this agent's.") var agent: String?
        @Option(help: "At most this many (1-1000).") var limit: Int = 100

        func validate() throws {
            guard ["pending", "approved", "rejected", "expired", "all"].contains(state) else {
                throw ValidationError("--state must be pending, approved, rejected, expired or all, got '\(state)'")
            }
            guard (1...1000).contains(limit) else { throw ValidationError("--limit must be 1 to 1000, got \(limit)") }
        }

        func run() async throws {
            try await reportingAsyncErrors {
                var request = Warden_V1_ListApprovalsRequest()
                request.state = ["pending": .pending, "approved": .approved, "rejected": .rejected, "expired": .expired][state] ?? .unspecified
                request.agentID = agent ?? ""
                request.limit = Int32(limit)
                let r = request
                let reply = try await options.call { c, auth in try await c.admin.listApprovals(r, metadata: auth) }
                if reply.approvals.isEmpty && !options.json { Console.out("no \(state == "all" ? "" : state + " ")approvals") }
                for a in reply.approvals { Console.out(ApprovalsCommand.render(a, json: options.json)) }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one approval in full.")
        @OptionGroup var options: AgentsCommand.ServerOptions
        @Argument(help: "Approval id (apr_...).") var approvalID: String

        func run() async throws {
            try await reportingAsyncErrors {
                var request = Warden_V1_GetApprovalRequest()
                request.approvalID = approvalID
                let r = request
                let a = try await options.call { c, auth in try await c.admin.getApproval(r, metadata: auth) }
                Console.out(ApprovalsCommand.render(a, json: options.json, detailed: true))
            }
        }
    }

    static func decide(_ options: AgentsCommand.ServerOptions, _ id: String, _ verdict: Warden_V1_Verdict, _ note: String?) async throws {
        var request = Warden_V1_DecideApprovalRequest()
        request.approvalID = id
        request.verdict = verdict
        request.note = note ?? ""
        let r = request
        let a = try await options.call { c, auth in try await c.admin.decideApproval(r, metadata: auth) }
        Console.out(render(a, json: options.json))
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Approve: the agent may perform that exact action once, within the grant window.")
        @OptionGroup var options: AgentsCommand.ServerOptions
        @Argument(help: "Approval id (apr_...).") var approvalID: String
        @Option(help: "Why (recorded in the audit log and sent to webhooks).") var note: String?
        func run() async throws { try await reportingAsyncErrors { try await ApprovalsCommand.decide(options, approvalID, .approve, note) } }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject: the action stays denied.")
        @OptionGroup var options: AgentsCommand.ServerOptions
        @Argument(help: "Approval id (apr_...).") var approvalID: String
        @Option(help: "Why (recorded in the audit log and sent to webhooks).") var note: String?
        func run() async throws { try await reportingAsyncErrors { try await ApprovalsCommand.decide(options, approvalID, .reject, note) } }
    }
}

/// `warden budgets show`: what each budget has used in its current day and month.
struct BudgetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "budgets",
        abstract: "Show budget usage on a running gateway.",
        discussion: """
            Usage counts llm_call events (priced from the gateway's pricing table, or as \
            reported) plus the reservations of allowed checks that no llm_call event has settled \
            yet. Days and months start at midnight in each budget's timezone.
            """,
        subcommands: [Show.self], defaultSubcommand: Show.self)

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the budgets that apply to one agent, or to every active agent.")
        @OptionGroup var options: AgentsCommand.ServerOptions
        @Option(help: "Only the budgets that apply to this agent.") var agent: String?
        @Option(help: "The action type whose budgets to show (default llm.call).") var action: String = "llm.call"

        func run() async throws {
            try await reportingAsyncErrors {
                var request = Warden_V1_GetBudgetsRequest()
                request.agentID = agent ?? ""
                request.actionType = action
                let r = request
                let reply = try await options.call { c, auth in try await c.admin.getBudgets(r, metadata: auth) }
                if reply.budgets.isEmpty && !options.json { Console.out("no budgets apply to \(action)\(agent.map { " for \($0)" } ?? "")") }
                for b in reply.budgets {
                    if options.json {
                        Console.out("{\"policy\":\(quoted(b.policyName)),\"subject\":\(quoted(b.subject)),\"period\":\(quoted(b.period)),\"metric\":\(quoted(b.metric)),\"limit\":\(Self.number(b.limit)),\"used\":\(Self.number(b.used)),\"resets_at\":\(b.resetsAt),\"timezone\":\(quoted(b.timezone)),\"action_on_exceed\":\(quoted(b.actionOnExceed)),\"agents\":[\(b.agentIds.map(quoted).joined(separator: ","))]}")
                    } else {
                        let amount = b.metric == "usd"
                            ? String(format: "$%.2f of $%.2f", b.used, b.limit) : "\(Int64(b.used)) of \(Int64(b.limit)) tokens"
                        let percent = b.limit > 0 ? String(format: " (%.0f%%)", b.used / b.limit * 100) : ""
                        Console.out("\(b.policyName)  \(b.subject)  \(b.period == "day" ? "daily" : "monthly")  \(amount)\(percent)  resets \(ApprovalsCommand.time(b.resetsAt)) (\(b.timezone))  on exceed: \(b.actionOnExceed)")
                    }
                }
            }
        }

        static func number(_ d: Double) -> String {
            d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        }
    }
}
