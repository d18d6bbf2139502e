import Foundation
import Testing
import WardenClient
import WardenPolicy
import WardenProto

@Suite("an approval as JSON (warden approvals show --json, wd_gateway_wait_for_approval)")
struct ApprovalJSONTests {
    /// Text that needs every kind of escape, and some that needs none.
    static let awkward = "say \"hi\" \\ back\nslash\r\t\u{08}\u{0C}\u{01}\u{1F} é 🙂"

    @Test("strings are escaped exactly as the engine escapes them, and the line is valid JSON")
    func escaping() throws {
        var a = Warden_V1_Approval()
        a.approvalID = "apr_1"
        a.agentID = "agt_1"
        a.state = .approved
        a.actionType = "bash.execute"
        a.actionJson = #"{"type":"bash.execute"}"#
        a.rules = ["Review", Self.awkward]
        a.reason = Self.awkward
        a.risk = "high"
        a.policyName = "p"
        a.policyVersion = "1"
        a.decisionID = "dec_1"
        a.createdAt = 100
        a.expiresAt = 200
        a.decidedAt = 150
        a.decidedBy = "ops"
        let text = a.jsonText
        let engineQuoted = PolicyValue.string(Self.awkward).jsonText
        #expect(text.contains(#""reason":"# + engineQuoted + ","))
        #expect(text.contains(#""rules":["Review","# + engineQuoted + "]"))

        let object = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["reason"] as? String == Self.awkward)
        #expect(object["state"] as? String == "approved")
        #expect(object["decided_at"] as? Int == 150)
        #expect(object["note"] is NSNull)
        #expect(object["consumed_at"] is NSNull)
    }
}
