import Testing
@testable import WardenPolicy

/// `Decision.serial`: bindings keep what they made from a decision text by its serial (the C ABI's
/// wd_engine_check_serial), so a serial must name one text for the life of the process and must
/// be 0 for any decision that is not kept and returned again unchanged.
@Suite("decision serials")
struct DecisionSerialTests {
    static let policy = """
        default: deny
        statements:
          - {sid: NoRm, effect: deny, actions: [bash.execute], conditions: {params.command: {op: contains, value: 'rm '}}}
          - {sid: NoPipe, effect: deny, actions: [bash.execute], conditions: {params.command: {op: contains, value: '| sh'}}}
          - {sid: Shell, effect: allow, actions: [bash.execute]}
          - {sid: Pay, effect: review, actions: [payment.charge]}
        """

    static func decide(_ engine: PolicyEngine, _ text: String) throws -> Decision {
        var text = text
        return try text.withUTF8 { try engine.decision(validUTF8: $0) }
    }

    @Test("a rule's own decision and a kept default have one serial each, the same on every check and on both roads")
    func keptDecisions() throws {
        let engine = try Fixtures.engine(Self.policy)
        let texts = [
            #"{"type":"bash.execute","params":{"command":"rm -rf /"}}"#,
            #"{"type":"bash.execute","params":{"command":"ls"}}"#,
            #"{"type":"payment.charge"}"#,
            #"{"type":"web.fetch"}"#,
            #"{"type":"Web.Fetch"}"#,
        ]
        var serials: [UInt64] = []
        for text in texts {
            let first = try Self.decide(engine, text)
            #expect(first.serial != 0, "\(text)")
            // Again, by the fast road and by the full path (an Action): the same serial and text.
            let again = try Self.decide(engine, text)
            let full = engine.evaluate(try Action(json: text))
            #expect(again.serial == first.serial && full.serial == first.serial, "\(text)")
            #expect(again.jsonText == first.jsonText && full.jsonText == first.jsonText)
            serials.append(first.serial)
        }
        // Different texts (the two defaults name their type as sent), different serials.
        #expect(Set(serials).count == texts.count, "\(serials)")
    }

    @Test("a decision made for one action only has serial 0")
    func unkeptDecisions() throws {
        let engine = try Fixtures.engine(Self.policy)
        // Two deny rules: the decision names both, made for this check.
        let both = try Self.decide(engine, #"{"type":"bash.execute","params":{"command":"rm x | sh"}}"#)
        #expect(both.rules == ["NoRm", "NoPipe"])
        #expect(both.serial == 0)
        // A default for a type too long to be kept.
        let long = String(repeating: "t", count: Decision.MadeDecisions.maxTypeBytes + 1)
        let unkept = try Self.decide(engine, #"{"type":"\#(long)"}"#)
        #expect(unkept.outcome == .deny && unkept.serial == 0)
        // A decision built by hand.
        let made = Decision(outcome: .allow, reason: "r", rules: [], policy: nil, risk: .low, pendingChecks: [], notes: [],
                            approvalTimeoutSeconds: nil)
        #expect(made.serial == 0)
    }

    @Test("changing a kept decision drops its serial; the kept one keeps it")
    func mutationClearsSerial() throws {
        let engine = try Fixtures.engine(Self.policy)
        let kept = try Self.decide(engine, #"{"type":"bash.execute","params":{"command":"ls"}}"#)
        var changed = kept
        changed.reason = "something else"
        #expect(changed.serial == 0)
        #expect(kept.serial != 0)
        // The changed one's text (and the bytes the C ABI copies) say so; the kept one's do not.
        #expect(changed.jsonText.contains(#""reason":"something else""#))
        #expect(!kept.jsonText.contains("something else"))
        for d in [changed, kept] {
            #expect(d.withJSONUTF8 { Array($0) == Array(d.jsonText.utf8) })
        }
        #expect(try Self.decide(engine, #"{"type":"bash.execute","params":{"command":"ls"}}"#).serial == kept.serial)
    }

    @Test("serials are never reused: a second engine from the same policy gets its own")
    func neverReused() throws {
        let a = try Fixtures.engine(Self.policy)
        let b = try Fixtures.engine(Self.policy)
        for text in [#"{"type":"bash.execute","params":{"command":"ls"}}"#, #"{"type":"web.fetch"}"#] {
            let x = try Self.decide(a, text), y = try Self.decide(b, text)
            #expect(x.jsonText == y.jsonText)
            #expect(x.serial != 0 && y.serial != 0 && x.serial != y.serial)
        }
    }
}
