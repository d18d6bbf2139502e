import WardenCrypto
import WardenProto

extension Warden_V1_ApprovalState {
    /// The state's name in JSON and in the CLI: `pending`, `approved`, `rejected` or `expired`
    /// (`unknown` for a state this build does not know).
    public var label: String {
        switch self {
        case .pending: "pending"
        case .approved: "approved"
        case .rejected: "rejected"
        case .expired: "expired"
        default: "unknown"
        }
    }
}

extension Warden_V1_Approval {
    /// The approval as one line of JSON: what `warden approvals show --json` prints and what
    /// libwarden's `wd_gateway_wait_for_approval` returns.
    ///
    /// Members, in this order: `approval_id`, `agent_id`, `state` (``Warden_V1_ApprovalState/label``),
    /// `action_type`, `action` (the gateway's redacted action object, verbatim; `{}` when absent),
    /// `rules`, `reason`, `risk`, `policy` (`{"name", "version"}`), `decision_id`, `created_at`,
    /// `expires_at`, `decided_at`, `decided_by`, `note`, `grant_expires_at`, `consumed_at`,
    /// `consumed_decision_id`. Times are Unix seconds; a time that is not set (0) and an empty
    /// `decided_by`, `note` or `consumed_decision_id` are `null`.
    public var jsonText: String {
        func q(_ s: String) -> String { JSONText.quoted(s) }
        func n(_ v: Int64) -> String { v == 0 ? "null" : String(v) }
        func qs(_ v: String) -> String { v.isEmpty ? "null" : q(v) }
        return "{\"approval_id\":\(q(approvalID)),\"agent_id\":\(q(agentID)),\"state\":\(q(state.label)),"
            + "\"action_type\":\(q(actionType)),\"action\":\(actionJson.isEmpty ? "{}" : actionJson),"
            + "\"rules\":[\(rules.map(q).joined(separator: ","))],\"reason\":\(q(reason)),\"risk\":\(q(risk)),"
            + "\"policy\":{\"name\":\(q(policyName)),\"version\":\(q(policyVersion))},\"decision_id\":\(q(decisionID)),"
            + "\"created_at\":\(createdAt),\"expires_at\":\(expiresAt),\"decided_at\":\(n(decidedAt)),"
            + "\"decided_by\":\(qs(decidedBy)),\"note\":\(qs(note)),\"grant_expires_at\":\(n(grantExpiresAt)),"
            + "\"consumed_at\":\(n(consumedAt)),\"consumed_decision_id\":\(qs(consumedDecisionID))}"
    }
}
