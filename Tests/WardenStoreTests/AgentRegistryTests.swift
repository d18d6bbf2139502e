import Foundation
import Testing
@testable import WardenStore

@Suite("Agent registry")
struct AgentRegistryTests {
    func makeRegistry() throws -> (AgentRegistry, String) {
        let path = try temporaryDirectory() + "/gateway.db"
        return (try AgentRegistry(path: path), path)
    }

    @Test("registered agents read back, through the cache and from disk alike")
    func registerAndRead() throws {
        let (registry, path) = try makeRegistry()
        let agent = try registry.register(name: "bot", team: "qa", org: nil, labels: ["env": "dev=1\nx"], enrollmentID: "e1", now: 100)
        #expect(try registry.agent(agent.id) == agent)
        #expect(try registry.agent("agt_missing") == nil)
        let reopened = try AgentRegistry(path: path)
        #expect(try reopened.agent(agent.id) == agent)
    }

    @Test("a state change is visible at once to the next read, and survives reopening")
    func stateChangesAreNotHiddenByTheCache() throws {
        let (registry, path) = try makeRegistry()
        let agent = try registry.register(name: "bot", team: nil, org: nil, labels: [:], enrollmentID: "e1", now: 100)
        _ = try registry.agent(agent.id)  // cached as active
        let suspended = try registry.setState(agent.id, to: .suspended, reason: "looping", now: 200)
        #expect(suspended.state == .suspended)
        #expect(try registry.agent(agent.id)?.state == .suspended)
        #expect(try registry.agent(agent.id)?.stateReason == "looping")
        _ = try registry.setState(agent.id, to: .revoked, reason: nil, now: 300)
        #expect(try registry.agent(agent.id)?.state == .revoked)
        #expect(throws: StoreError.self) { try registry.setState(agent.id, to: .active, reason: nil, now: 400) }
        #expect(try AgentRegistry(path: path).agent(agent.id)?.state == .revoked)
    }

    @Test("secrets match only their own kind and only when exact")
    func secrets() throws {
        let (registry, _) = try makeRegistry()
        let enrollment = try registry.createSecret(kind: .enrollment, name: "ci", now: 1)
        #expect(try registry.matchSecret(kind: .enrollment, presented: enrollment.secret)?.name == "ci")
        #expect(try registry.matchSecret(kind: .admin, presented: enrollment.secret) == nil)
        #expect(try registry.matchSecret(kind: .enrollment, presented: enrollment.secret + "x") == nil)
        #expect(throws: StoreError.self) { try registry.createSecret(kind: .admin, name: "", now: 1) }
    }
}
