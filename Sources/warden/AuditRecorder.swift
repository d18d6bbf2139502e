import Foundation
import WardenPolicy
import WardenStore

/// Writes decisions made by `warden check` to the audit log of a data directory.
///
/// Only the action's type, target and agent are stored with the decision: params and context
/// can hold secrets, and they stay out of the log until the redaction detectors exist.
struct AuditRecorder {
    let store: AuditStore

    init(directory: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw CLIError("cannot create data directory '\(directory)': \(error.localizedDescription)")
        }
        let key = try SecretFile.loadOrCreateKey(at: (directory as NSString).appendingPathComponent("audit.key"))
        store = try AuditStore(configuration: .init(path: (directory as NSString).appendingPathComponent("audit.db"), key: key))
    }

    func record(_ decisions: [(Action, Decision)]) throws {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let records = decisions.map { action, decision in
            var a: [String: PolicyValue] = ["type": .string(action.type)]
            if let t = action.target { a["target"] = .string(t) }
            var agent: [String: PolicyValue] = [:]
            if let v = action.agent.id { agent["id"] = .string(v) }
            if let v = action.agent.team { agent["team"] = .string(v) }
            if let v = action.agent.org { agent["org"] = .string(v) }
            if !agent.isEmpty { a["agent"] = .object(agent) }
            return AuditRecord(
                timestamp: now, kind: "decision", agentID: action.agent.id, decisionID: UUID().uuidString.lowercased(),
                outcome: decision.outcome.rawValue,
                payload: "{\"action\":\(PolicyValue.object(a).jsonText),\"decision\":\(decision.jsonText)}")
        }
        try store.append(records)
    }
}
