import Dispatch
import Synchronization
import Testing
@testable import WardenPolicy

/// Default decisions ("no rule matched TYPE; ...") are remembered per type; these tests hold the
/// remembered ones to freshly made ones.
@Suite("default decisions reused by action type")
struct DefaultDecisionTests {
    static let policy = """
        default: deny
        statements:
          - {sid: AllowReads, effect: allow, actions: ["file.read"]}
        """

    /// The decision a fresh engine (nothing remembered yet) gives for `type`.
    static func fresh(_ type: String) throws -> Decision {
        try Fixtures.engine(policy).evaluate(Action(type: type))
    }

    @Test("each type gets its own reason, spelled as sent, the same the first time and every time after")
    func perType() throws {
        let engine = try Fixtures.engine(Self.policy)
        for type in ["bash.execute", "Bash.Execute", "bash.execute", "web.fetch", "bash.execute", "é.x", "e\u{301}.x"] {
            let decision = engine.evaluate(Action(type: type))
            #expect(decision.outcome == .deny)
            #expect(decision.reason.hasPrefix("no rule matched \(type); "), "\(decision.reason)")
            // Compared as bytes: String == would take é written two ways as equal.
            #expect(decision.reason.utf8.starts(with: "no rule matched \(type); ".utf8), "\(decision.reason)")
            #expect(Array(decision.jsonText.utf8) == Array((try Self.fresh(type)).jsonText.utf8), "\(type)")
            #expect(decision == (try Self.fresh(type)))
        }
        // A rule that matches still decides.
        #expect(engine.evaluate(Action(type: "file.read")).outcome == .allow)
    }

    @Test("past the limit, and for very long types, decisions are still right")
    func bounded() throws {
        let engine = try Fixtures.engine(Self.policy)
        let types = (0..<(Decision.MadeDecisions.slots * 2 + 7)).map { "t\($0).x" }
            + [String(repeating: "long.", count: 60) + "x"]
        for _ in 0..<2 {
            for type in types {
                #expect(engine.evaluate(Action(type: type)).reason.hasPrefix("no rule matched \(type); "))
            }
        }
    }

    @Test("many threads asking about different types at once each get their own type's decision")
    func concurrent() throws {
        let engine = try Fixtures.engine(Self.policy)
        let wrong = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for i in 0..<2_000 {
                let type = "w\(worker).t\(i % 40)"
                if !engine.evaluate(Action(type: type)).reason.hasPrefix("no rule matched \(type); ") {
                    wrong.withLock { $0 += 1 }
                }
            }
        }
        #expect(wrong.withLock { $0 } == 0)
    }
}
