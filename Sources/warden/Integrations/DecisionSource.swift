import ArgumentParser
import Foundation
import GRPCCore
import WardenClient
import WardenPolicy
import WardenProto

/// `--policies`, `--gateway` and `--tls`: where an integration's decisions come from (see
/// `DecisionSource.resolve`).
struct DecisionSourceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Decide with the policies in this directory (default $WARDEN_POLICIES, else .warden/policies).", valueName: "dir"))
    var policies: String?

    @Option(help: ArgumentHelp("Decide at this gateway instead (default $WARDEN_GATEWAY); needs an agent token.", valueName: "host:port"))
    var gateway: String?

    @Flag(help: "Connect to the gateway with TLS.")
    var tls = false
}

/// A decision as an integration (Claude Code hook, MCP proxy) acts on it, from either source.
struct IntegrationDecision: Sendable {
    enum Outcome: String, Sendable {
        case allow, deny
        case requireApproval = "require_approval"
    }

    var outcome: Outcome
    var reason: String
    var rules: [String]
    /// At a gateway: the audit log's id of the decision, and for require_approval the approval.
    var decisionID: String?
    var approvalID: String?

    /// A deny for an internal failure: integrations fail closed, with the reason.
    static func failClosed(_ reason: String) -> IntegrationDecision {
        IntegrationDecision(outcome: .deny, reason: reason, rules: ["warden_error"])
    }
}

/// Where integrations get decisions: a local policy directory (the engine in-process) or a
/// running gateway (authoritative: rate limits, budgets, approvals, the audit log).
///
/// Gateway settings come from flags or the environment: `WARDEN_GATEWAY` (host:port),
/// `WARDEN_AGENT_TOKEN` or `WARDEN_AGENT_TOKEN_FILE` (from `warden register`), `WARDEN_GATEWAY_TLS=1`.
/// Local policies: `--policies DIR`, else `WARDEN_POLICIES`, else `.warden/policies`.
enum DecisionSource: Sendable {
    case local(PolicyEngine, directory: String)
    case gateway(GatewayAgent)

    /// The source for these settings; nil gateway and nil policies mean the environment's, then
    /// the default policy directory.
    static func resolve(policies: String?, gateway: String?, tls: Bool = false,
                        environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DecisionSource {
        if let address = gateway ?? environment["WARDEN_GATEWAY"].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard policies == nil else { throw CLIError("--policies and --gateway are exclusive: decide locally or at a gateway") }
            return .gateway(try GatewayAgent(address: address, tls: tls || environment["WARDEN_GATEWAY_TLS"] == "1", environment: environment))
        }
        let directory = policies ?? environment["WARDEN_POLICIES"].flatMap({ $0.isEmpty ? nil : $0 }) ?? ".warden/policies"
        let sources = try PolicyFiles.sources(at: [directory])
        guard !sources.isEmpty else { throw CLIError("no policy files (*.yaml, *.yml, *.json) in '\(directory)'") }
        do {
            return .local(try PolicyEngine(sources: sources), directory: directory)
        } catch {
            let first = error.diagnostics.first.map { ": \($0.description)" } ?? ""
            throw CLIError("policies in '\(directory)' are invalid (\(error.diagnostics.count) error\(error.diagnostics.count == 1 ? "" : "s"))\(first)")
        }
    }

    var isGateway: Bool {
        if case .gateway = self { return true }
        return false
    }

    /// Decides `action`. Never throws: an unreachable gateway or any other failure is a deny
    /// whose reason says what went wrong.
    func check(_ action: Action) async -> IntegrationDecision {
        switch self {
        case .local(let engine, _):
            let d = engine.evaluate(action)
            let outcome: IntegrationDecision.Outcome = d.outcome == .allow ? .allow : d.outcome == .deny ? .deny : .requireApproval
            return IntegrationDecision(outcome: outcome, reason: d.reason, rules: d.rules)
        case .gateway(let agent):
            return await agent.check(action)
        }
    }
}

/// An agent's session with a gateway, for one process (a hook run, a proxy).
struct GatewayAgent: Sendable {
    let address: String
    let tls: Bool
    let token: String

    init(address: String, tls: Bool, environment: [String: String]) throws {
        self.address = address
        self.tls = tls
        if let t = environment["WARDEN_AGENT_TOKEN"], !t.isEmpty {
            token = t.trimmingCharacters(in: .whitespacesAndNewlines)
        } else if let file = environment["WARDEN_AGENT_TOKEN_FILE"], !file.isEmpty {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CLIError("cannot read WARDEN_AGENT_TOKEN_FILE '\(file)'")
            }
            token = RegisterCommand.token(fromFile: String(decoding: data, as: UTF8.self))
        } else {
            throw CLIError("a gateway needs an agent token: set WARDEN_AGENT_TOKEN or WARDEN_AGENT_TOKEN_FILE (create one with `warden register`)")
        }
        guard !token.isEmpty else { throw CLIError("the agent token is empty") }
    }

    var metadata: Metadata { ["authorization": "Bearer \(token)"] }

    func withConnection<R: Sendable>(_ body: (WardenConnection) async throws -> R) async throws -> R {
        try await WardenConnection.with(.init(address: address, useTLS: tls)) { try await body($0) }
    }

    static func describe(_ error: any Error) -> String {
        if let rpc = error as? RPCError { return "\(rpc.code): \(rpc.message)" }
        return "\(error)"
    }

    func check(_ action: Action) async -> IntegrationDecision {
        var request = Warden_V1_CheckPolicyRequest()
        request.action.type = action.type
        request.action.target = action.target ?? ""
        if !action.params.isEmpty { request.action.paramsJson = PolicyValue.object(action.params).jsonText }
        if !action.context.isEmpty { request.action.contextJson = PolicyValue.object(action.context).jsonText }
        let sent = request
        let metadata = self.metadata
        do {
            var options = CallOptions.defaults
            options.timeout = .seconds(10)
            let reply = try await withConnection { c in try await c.gateway.checkPolicy(sent, metadata: metadata, options: options) }
            let outcome: IntegrationDecision.Outcome
            switch reply.decision.outcome {
            case .allow: outcome = .allow
            case .requireApproval: outcome = .requireApproval
            default: outcome = .deny
            }
            return IntegrationDecision(
                outcome: outcome, reason: reply.decision.reason, rules: reply.decision.rules, decisionID: reply.decisionID,
                approvalID: reply.approvalID.isEmpty ? nil : reply.approvalID)
        } catch {
            return .failClosed("the Warden gateway at \(address) could not decide (\(Self.describe(error))); denied (fail closed)")
        }
    }

    /// Waits up to `timeout` for an approval's final state; nil on timeout or failure (which
    /// callers treat as not approved).
    func waitForApproval(_ id: String, timeout: Duration) async -> Warden_V1_Approval? {
        var request = Warden_V1_WaitForApprovalRequest()
        request.approvalID = id
        let sent = request
        let metadata = self.metadata
        var options = CallOptions.defaults
        options.timeout = timeout
        let opts = options
        return try? await withConnection { c in
            try await c.gateway.waitForApproval(sent, metadata: metadata, options: opts) { response in
                for try await message in response.messages { return message }
                return nil
            }
        }
    }

    /// Records events (best effort for integrations: a failure is returned, never fatal).
    func record(_ events: [Warden_V1_Event]) async -> String? {
        let metadata = self.metadata
        do {
            _ = try await withConnection { c in
                try await c.gateway.recordEvents(metadata: metadata) { writer in
                    try await writer.write(contentsOf: events.map { e in Warden_V1_RecordEventRequest.with { $0.event = e } })
                }
            }
            return nil
        } catch {
            return Self.describe(error)
        }
    }
}
