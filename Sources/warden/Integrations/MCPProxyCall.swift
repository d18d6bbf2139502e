import WardenPolicy

/// A client's `tools/call`, as the proxy gates it.
struct MCPCall: Sendable {
    /// The request id; nil for a `tools/call` sent as a notification (denials cannot be answered).
    var id: PolicyValue?
    var tool: String
    var arguments: [String: PolicyValue]
    var meta: PolicyValue?
    /// A request of the 2026-07-28 protocol (its answers need a `resultType`).
    var isModern: Bool { meta?[MCPReply.protocolVersionKey] != nil }
    /// Why the request is malformed (it is denied), if it is.
    var problem: String?
    /// The line to forward when allowed.
    var raw: [UInt8]
    var terminated: Bool

    init(id: PolicyValue?, params: PolicyValue?, raw: [UInt8], terminated: Bool) {
        self.id = id
        self.raw = raw
        self.terminated = terminated
        tool = params?["name"]?.stringValue ?? ""
        meta = params?["_meta"]
        arguments = [:]
        guard case .object? = params else {
            problem = "a tools/call needs params with the tool's name"
            return
        }
        guard case .string? = params?["name"] else {
            problem = "a tools/call needs a string params.name"
            return
        }
        switch params?["arguments"] {
        case nil, .null?: break
        case .object(let a)?: arguments = a
        default: problem = "params.arguments of a tools/call must be an object"
        }
    }

    func action(server: String) -> Action {
        Action(type: MCPNames.actionType(server: server, tool: tool), params: arguments)
    }
}

extension DecisionSource {
    /// A local decision without suspending (the engine runs in-process); nil for a gateway.
    func decideNow(_ action: Action) -> IntegrationDecision? {
        guard case .local(let engine, _) = self else { return nil }
        let d = engine.evaluate(action)
        let outcome: IntegrationDecision.Outcome = d.outcome == .allow ? .allow : d.outcome == .deny ? .deny : .requireApproval
        return IntegrationDecision(outcome: outcome, reason: d.reason, rules: d.rules)
    }
}
