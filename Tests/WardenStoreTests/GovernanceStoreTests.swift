import Foundation
import Testing
@testable import WardenStore

@Suite("Governance store")
struct GovernanceStoreTests {
    func makeStore() throws -> (GovernanceStore, String) {
        let path = try temporaryDirectory() + "/governance.db"
        return (try GovernanceStore(path: path), path)
    }

    static func approval(_ id: String, agent: String = "agt_1", fingerprint: String = "f1", state: ApprovalRecord.State = .pending,
                         created: Int64 = 100, expires: Int64 = 160) -> ApprovalRecord {
        ApprovalRecord(
            id: id, agentID: agent, state: state, fingerprint: fingerprint, actionType: "deploy.run", actionJSON: #"{"type":"deploy.run"}"#,
            rules: ["R1", "R2"], reason: "needs a human", risk: "medium", policyName: "p", policyVersion: "1", decisionID: "dec_\(id)",
            createdAt: created, expiresAt: expires)
    }

    struct Boom: Error {}

    @Test("approvals read back field for field, from the same store and after reopening")
    func approvalsPersist() throws {
        let (store, path) = try makeStore()
        var a = Self.approval("apr_1")
        a.note = "line one\nline two"
        try store.transaction { (s: inout GovernanceStore.Session) throws(StoreError) in try s.insert(a) }
        #expect(try store.transaction { (s: inout GovernanceStore.Session) throws(StoreError) in try s.approval("apr_1") } == a)
        let reopened = try GovernanceStore(path: path)
        #expect(try reopened.transaction { (s: inout GovernanceStore.Session) throws(StoreError) in try s.approval("apr_1") } == a)
        #expect(try reopened.transaction { (s: inout GovernanceStore.Session) throws(StoreError) in try s.approval("apr_2") } == nil)
    }

    @Test("a grant is usable once, only while valid, only for its agent and fingerprint")
    func grants() throws {
        let (store, _) = try makeStore()
        var a = Self.approval("apr_1", state: .approved)
        a.decidedAt = 110
        a.grantExpiresAt = 200
        try store.transaction { (s: inout GovernanceStore.Session) throws(StoreError) in try s.insert(a) }
        func grant(_ agent: String, _ fp: String, _ now: Int64) throws -> String? {
            try store.transaction { (s: inout GovernanceStore.Session) throws(StoreError) in try s.usableGrant(agent: agent, fingerprint: fp, now: now)?.id }
        }
        #expect(try grant("agt_1", "f1", 150) == "apr_1")
        #expect(try grant("agt_1", "f1", 200) == nil)
        #expect(try grant("agt_2", "f1", 150) == nil)
        #expect(try grant("agt_1", "f2", 150) == nil)
        a.consumedAt = 150
        try store.transaction { (s: inout GovernanceStore.Session) throws(StoreError) in try s.update(a) }
        #expect(try grant("agt_1", "f1", 151) == nil)
    }

    @Test("pending approvals come due at their expiry; the earliest expiry is known")
    func due() throws {
        let (store, _) = try makeStore()
        try store.transaction { (s: inout GovernanceStore.Session) throws(StoreError) in
            try s.insert(Self.approval("apr_a", expires: 160))
            try s.insert(Self.approval("apr_b", fingerprint: "f2", expires: 300))
            try s.insert(Self.approval("apr_c", fingerprint: "f3", state: .rejected, expires: 100))
        }
        let (next, due) = try store.transaction { (s: inout GovernanceStore.Session) throws(StoreError) in
            (try s.nextPendingExpiry(), try s.duePendingApprovals(now: 160).map(\.id))
        }
        #expect(next == 160 && due == ["apr_a"])
        let pending = try store.transaction { (s: inout GovernanceStore.Session) throws(StoreError) in
            try s.approvals(state: .pending, agent: nil, limit: 10).map(\.id)
        }
        #expect(Set(pending) == ["apr_a", "apr_b"])
    }

    @Test("a failed transaction leaves nothing behind, caches included")
    func rollback() throws {
        let (store, _) = try makeStore()
        #expect(throws: StoreError.self) {
            try store.transaction { (s: inout GovernanceStore.Session) throws(StoreError) in
                _ = try s.rateCalls(rule: "p/r", agent: "agt_1", since: 0)
                try s.recordRateCall(rule: "p/r", agent: "agt_1", at: 1000)
                try s.insert(Self.approval("apr_1"))
                try s.insert(Self.approval("apr_1"))  // duplicate primary key: fails
            }
        }
        let (calls, approval) = try store.transaction { (s: inout GovernanceStore.Session) throws(StoreError) in
            (try s.rateCalls(rule: "p/r", agent: "agt_1", since: 0), try s.approval("apr_1"))
        }
        #expect(calls.isEmpty && approval == nil)
    }

    @Test("rate windows slide, stay ordered and survive reopening")
    func windows() throws {
        let (store, path) = try makeStore()
        try store.transaction { (s: inout GovernanceStore.Session) throws(StoreError) in
            _ = try s.rateCalls(rule: "p/r", agent: "agt_1", since: 0)
            for at: Int64 in [1000, 3000, 2000] { try s.recordRateCall(rule: "p/r", agent: "agt_1", at: at) }
            try s.recordRateCall(rule: "p/r", agent: "agt_2", at: 2500)
        }
        #expect(try store.transaction { (s: inout GovernanceStore.Session) throws(StoreError) in try s.rateCalls(rule: "p/r", agent: "agt_1", since: 0) } == [1000, 2000, 3000])
        #expect(try store.transaction { (s: inout GovernanceStore.Session) throws(StoreError) in try s.rateCalls(rule: "p/r", agent: "agt_1", since: 1000) } == [2000, 3000])
        let reopened = try GovernanceStore(path: path)
        #expect(try reopened.transaction { (s: inout GovernanceStore.Session) throws(StoreError) in try s.rateCalls(rule: "p/r", agent: "agt_1", since: 1500) } == [2000, 3000])
        #expect(try reopened.transaction { (s: inout GovernanceStore.Session) throws(StoreError) in try s.rateCalls(rule: "p/other", agent: "agt_1", since: 0) } == [])
    }

    @Test("spending sums by subject and period; settling replaces a reservation, cached sums included")
    func spending() throws {
        let (store, path) = try makeStore()
        func spent(_ subject: SpendSubject, _ since: Int64, in store: GovernanceStore) throws -> SpendTotals {
            try store.transaction { (s: inout GovernanceStore.Session) throws(StoreError) in try s.spent(by: subject, since: since) }
        }
        // Warm the cache first, so the writes below must keep it in step.
        #expect(try spent(.team("qa"), 0, in: store) == SpendTotals())
        try store.transaction { (s: inout GovernanceStore.Session) throws(StoreError) in
            try s.addSpend(SpendTotals(microUSD: 1_000_000, tokens: 10), at: 50, agent: "agt_1", team: "qa", org: "acme", decisionID: nil, settled: true)
            try s.addSpend(SpendTotals(microUSD: 2_000_000, tokens: 20), at: 150, agent: "agt_2", team: "qa", org: nil, decisionID: "dec_r", settled: false)
            try s.addSpend(SpendTotals(microUSD: 4_000_000, tokens: 40), at: 150, agent: "agt_3", team: nil, org: "acme", decisionID: nil, settled: true)
        }
        #expect(try spent(.team("qa"), 0, in: store) == SpendTotals(microUSD: 3_000_000, tokens: 30))
        #expect(try spent(.team("qa"), 100, in: store) == SpendTotals(microUSD: 2_000_000, tokens: 20))
        #expect(try spent(.org("acme"), 0, in: store) == SpendTotals(microUSD: 5_000_000, tokens: 50))
        #expect(try spent(.agent("agt_2"), 0, in: store) == SpendTotals(microUSD: 2_000_000, tokens: 20))
        #expect(try spent(.all, 0, in: store) == SpendTotals(microUSD: 7_000_000, tokens: 70))
        let settled = try store.transaction { (s: inout GovernanceStore.Session) throws(StoreError) in
            (try s.settle(decisionID: "dec_r", agent: "agt_2", actual: SpendTotals(microUSD: 500_000, tokens: 5), model: "m"),
             try s.settle(decisionID: "dec_r", agent: "agt_2", actual: SpendTotals(microUSD: 1, tokens: 1), model: "m"),
             try s.settle(decisionID: "dec_other", agent: "agt_2", actual: SpendTotals(microUSD: 1, tokens: 1), model: "m"))
        }
        #expect(settled == (true, false, false))
        #expect(try spent(.team("qa"), 0, in: store) == SpendTotals(microUSD: 1_500_000, tokens: 15))
        #expect(try spent(.all, 100, in: store) == SpendTotals(microUSD: 4_500_000, tokens: 45))
        #expect(try spent(.team("qa"), 0, in: try GovernanceStore(path: path)) == SpendTotals(microUSD: 1_500_000, tokens: 15))
    }
}
