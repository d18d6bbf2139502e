import Testing
@testable import WardenPolicy

/// The fast road (`FastPlan`, `FlatAction`) has no behaviour of its own: for every action text
/// and policy set, `decisionJSON` must give the bytes the full path gives (`Action(json:)`, then
/// `evaluate`), or the same error. These tests hold the two together over hand-picked edge
/// cases and many generated actions, and check that the fast road really answers the usual
/// flat action (so the comparison is not between the full path and itself).
@Suite("fast road for flat actions: the same decisions as the full path")
struct FastPathTests {
    /// Statements with every operator on strings, integers, floats, booleans and lists; `match:
    /// any`; wildcard and exact actions; rules of each effect; a statement with `targets` and one
    /// with `when` (the fast road leaves those to the full path).
    static let statements = """
        statements:
          - {sid: DenyRm, effect: deny, actions: [bash.execute], conditions: {params.command: {op: regex, value: '\\brm\\s'}}}
          - {sid: DenyDrop, effect: deny, actions: [bash.execute, sql.query], conditions: {params.command: {op: regex, value: '(?i)drop\\s+table'}}}
          - {sid: DenyPipe, effect: deny, actions: [bash.execute], conditions: {params.command: {op: contains, value: '| sh'}}}
          - {sid: DenyEtc, effect: deny, actions: [file.*], conditions: {params.path: {op: starts_with, value: /etc/}}}
          - {sid: DenyEnv, effect: deny, actions: [file.write], conditions: {params.path: {op: ends_with, value: .env}}}
          - {sid: DenyKP, effect: deny, actions: [payment.charge], conditions: {params.country: {op: "==", value: KP}}}
          - {sid: DenyNotUSD, effect: deny, actions: [payment.charge], conditions: {params.currency: {op: "!=", value: USD}, params.strict: {op: "==", value: true}}}
          - {sid: DenyBig, effect: deny, actions: [payment.charge], conditions: {params.amount: {op: ">=", value: 1000000}}}
          - {sid: DenyList, effect: deny, actions: [email.send], conditions: {params.to: {op: in, value: [a@x.io, b@x.io]}}}
          - {sid: DenyNotIn, effect: deny, actions: [email.send], conditions: {params.domain: {op: not_in, value: [x.io, y.io]}}}
          - {sid: DenyAny, effect: deny, actions: [http.*], match: any, conditions: {params.url: {op: contains, value: 169.254}, params.host: {op: "==", value: metadata}}}
          - {sid: DenyLate, effect: deny, actions: [sql.query], conditions: {params.sql: {op: "<", value: "B"}}}
          - {sid: DenyTarget, effect: deny, actions: [file.read], targets: ["/secret/**"]}
          - {sid: DenyWhen, effect: deny, actions: [tool.call], when: 'params.n > 3'}
          - {sid: ReviewPay, effect: review, actions: [payment.charge], conditions: {params.amount: {op: ">", value: 1000}}}
          - {sid: ReviewFloat, effect: review, actions: [payment.charge], conditions: {params.fee: {op: "<=", value: 2.5}}}
          - {sid: ReviewMail, effect: review, actions: [email.send], conditions: {params.recipients: {op: ">", value: 50}}}
          - {sid: ReviewExists, effect: review, actions: [sql.query], conditions: {params.force: {op: exists}}}
          - {sid: ReviewDelete, effect: review, actions: [sql.query], conditions: {params.sql: {op: regex, value: '(?i)^delete'}}}
          - {sid: AllowBash, effect: allow, actions: [bash.execute], conditions: {params.cwd: {op: not_exists}}}
          - {sid: AllowBashHome, effect: allow, actions: [bash.execute], conditions: {params.cwd: {op: starts_with, value: /home/}}}
          - {sid: AllowFiles, effect: allow, actions: [file.read, file.write]}
          - {sid: AllowSql, effect: allow, actions: [sql.query]}
          - {sid: AllowPay, effect: allow, actions: [payment.charge]}
          - {sid: AllowMail, effect: allow, actions: [email.send]}
          - {sid: AllowHttp, effect: allow, actions: ["http.*"]}
          - {sid: AllowTools, effect: allow, actions: ["tool.*", "git.*"]}
          - {sid: AllowTwice, effect: allow, actions: [git.push]}
        """

    /// Policy sets the fast road takes (statements and defaults, every kind of default, with and
    /// without approval timeouts) and ones it does not (a scoped policy, a section).
    static let policySets: [[(String, String)]] = [
        [("a.yaml", "default: deny\n" + statements)],
        [("a.yaml", "default: allow\n" + statements)],
        [("a.yaml", "default: review\napproval: {timeout_seconds: 600}\n" + statements)],
        [("a.yaml", "default: review\n" + statements), ("b.yaml", "name: second\ndefault: allow\napproval: {timeout_seconds: 60}\nstatements: []")],
        [("a.yaml", statements), ("b.yaml", "name: second\napproval: {timeout_seconds: 30}\nstatements:\n  - {sid: Other, effect: review, actions: [git.*]}")],
        [("a.yaml", "default: allow\n" + statements), ("b.yaml", "name: second\ndefault: deny\nstatements:\n  - {sid: DenyGitPush, effect: deny, actions: [git.push]}")],
        [("a.yaml", "default: deny\n" + statements), ("b.yaml", "name: team\nscope: team:red\ndefault: allow")],
        [("a.yaml", "default: deny\nschedule: {weekdays: [mon, tue, wed, thu, fri, sat, sun]}\n" + statements)],
    ]

    /// Action texts chosen to sit on each edge of what the fast road reads.
    static let edgeCases: [String] = [
        #"{"type":"bash.execute","params":{"command":"git status"}}"#,
        #"{"type":"bash.execute","params":{"command":"rm -rf /"}}"#,
        #"{"type":"Bash.Execute","params":{"command":"ls"}}"#,
        #" { "type" : "bash.execute" , "params" : { "command" : "ls" } } "#,
        "{\n\t\"type\":\r\n\"bash.execute\"}\n",
        #"{"params":{"command":"ls","cwd":"/home/a"},"type":"bash.execute","target":null,"context":{"k":1}}"#,
        #"{"type":"bash.execute","params":{"command":"ls","cwd":"/tmp"}}"#,
        #"{"type":"bash.execute","params":{"command":"l\u0073 | sh"}}"#,
        #"{"type":"bash.execute","params":{"comm\u0061nd":"rm -rf /"}}"#,
        #"{"ty\u0070e":"bash.execute"}"#,
        #"{"type":"bash.execute","params":{"command":"rm -rf /","command":"ls"}}"#,
        #"{"type":"bash.execute","type":"bash.execute"}"#,
        #"{"type":"bash.execute","params":null,"params":null}"#,
        #"{"type":"bash.execute","context":{},"context":{}}"#,
        #"{"type":"bash.execute","context":{"a":1,"a":2}}"#,
        #"{"type":"bash.execute","target":"x","target":"y"}"#,
        #"{"type":"bash.execute","params":{"K":1,"\u212A":2}}"#,
        "{\"type\":\"payment.charge\",\"params\":{\"\u{212A}\":1,\"K\":2}}",
        "{\"type\":\"payment.charge\",\"params\":{\"country\":\"KP\",\"c\u{0301}\":1}}",
        "{\"type\":\"file.write\",\"params\":{\"path\":\"/tmp/é.env\"}}",
        "{\"type\":\"é.x\",\"params\":{}}",
        "{\"type\":\"e\u{0301}.x\"}",
        #"{"type":"payment.charge","params":{"amount":1000}}"#,
        #"{"type":"payment.charge","params":{"amount":1001}}"#,
        #"{"type":"payment.charge","params":{"amount":-0}}"#,
        #"{"type":"payment.charge","params":{"amount":1000.5}}"#,
        #"{"type":"payment.charge","params":{"amount":1e3}}"#,
        #"{"type":"payment.charge","params":{"amount":1E400}}"#,
        #"{"type":"payment.charge","params":{"amount":999999999999999999}}"#,
        #"{"type":"payment.charge","params":{"amount":9999999999999999999}}"#,
        #"{"type":"payment.charge","params":{"amount":-99999999999999999}}"#,
        #"{"type":"payment.charge","params":{"amount":012}}"#,
        #"{"type":"payment.charge","params":{"amount":-}}"#,
        #"{"type":"payment.charge","params":{"amount":"5000"}}"#,
        #"{"type":"payment.charge","params":{"amount":true}}"#,
        #"{"type":"payment.charge","params":{"amount":null,"country":"KP"}}"#,
        #"{"type":"payment.charge","params":{"amount":[1]}}"#,
        #"{"type":"payment.charge","params":{"amount":{"v":1}}}"#,
        #"{"type":"payment.charge","params":{"fee":2}}"#,
        #"{"type":"payment.charge","params":{"fee":3}}"#,
        #"{"type":"payment.charge","params":{"currency":"EUR","strict":true}}"#,
        #"{"type":"payment.charge","params":{"currency":"EUR","strict":false}}"#,
        #"{"type":"payment.charge","params":{"currency":"EUR","strict":"true"}}"#,
        #"{"type":"email.send","params":{"to":"a@x.io"}}"#,
        #"{"type":"email.send","params":{"to":"c@x.io","domain":"x.io"}}"#,
        #"{"type":"email.send","params":{"to":"c@x.io","domain":"z.io","recipients":60}}"#,
        #"{"type":"email.send","params":{"to":5}}"#,
        #"{"type":"http.get","params":{"url":"http://169.254.169.254/"}}"#,
        #"{"type":"http.get","params":{"host":"metadata"}}"#,
        #"{"type":"http.get","params":{"host":"example.com","url":"https://example.com"}}"#,
        #"{"type":"http.get","params":{"host":7}}"#,
        #"{"type":"sql.query","params":{"sql":"A"}}"#,
        #"{"type":"sql.query","params":{"sql":"DELETE FROM t"}}"#,
        #"{"type":"sql.query","params":{"sql":"select","force":false}}"#,
        #"{"type":"sql.query","params":{"sql":"select","force":null}}"#,
        #"{"type":"file.read","target":"/secret/x"}"#,
        #"{"type":"file.read","params":{"path":"/etc/passwd"}}"#,
        #"{"type":"tool.call","params":{"n":5}}"#,
        #"{"type":"git.push"}"#,
        #"{"type":"git.diff","agent":{"team":"red"}}"#,
        #"{"type":"unknown.tool"}"#,
        #"{"type":"x.y","parms":{}}"#,
        #"{"type":""}"#,
        #"{"type":5}"#,
        #"{"type":null}"#,
        #"{"params":{}}"#,
        #"{}"#,
        #"[]"#,
        #""bash.execute""#,
        #"{"type":"bash.execute"} x"#,
        #"{"type":"bash.execute",}"#,
        #"{"type":"bash.execute""#,
        #"{"type":"bash.execute","params":{"command":"ls"}"#,
        #"{"type":"bash.execute","target":5}"#,
        #"{"type":"bash.execute","params":[]}"#,
        #"{"type":"bash.execute","params":"x"}"#,
        #"{"type":"bash.execute","context":5}"#,
        "{\"type\":\"bash.execute\",\"params\":{\"command\":\"a\tb\"}}",
        #"{"type":"bash.execute","params":{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"j":10,"k":11,"l":12,"m":13,"n":14,"o":15,"p":16,"command":"rm -rf /"}}"#,
        #"{"type":"bash.execute","params":{"a":tru}}"#,
        #"{"type":"bash.execute","params":{"a":nul}}"#,
        "",
        "   ",
    ]

    /// The full path's answer: the decision's JSON text, or the error.
    static func reference(_ engine: PolicyEngine, _ text: String) -> String {
        do { return engine.evaluate(try Action(json: text), at: 1_700_000_000).jsonText } catch { return "error: \(error.message)" }
    }

    static func fast(_ engine: PolicyEngine, _ text: String) -> (answer: String, byFastRoad: Bool) {
        var text = text
        return text.withUTF8 { bytes in
            let byFastRoad = engine.fastDecision(validUTF8: bytes) != nil
            do throws(ActionParseError) {
                return (try engine.decisionJSON(validUTF8: bytes, at: 1_700_000_000), byFastRoad)
            } catch {
                return ("error: \(error.message)", byFastRoad)
            }
        }
    }

    @Test("edge cases: the same bytes or the same error, with every policy set")
    func edgeCasesMatch() throws {
        for sources in Self.policySets {
            let engine = try Fixtures.engine(sources)
            for text in Self.edgeCases {
                let expected = Self.reference(engine, text)
                let got = Self.fast(engine, text).answer
                #expect(Array(got.utf8) == Array(expected.utf8), "\(sources.map(\.0)) \(text)")
            }
        }
    }

    @Test("the fast road answers the usual flat action, and leaves the rest to the full path")
    func fastRoadIsTaken() throws {
        let engine = try Fixtures.engine(Self.policySets[0])
        for text in [
            #"{"type":"bash.execute","params":{"command":"git status"}}"#,
            #"{"type":"bash.execute","params":{"command":"rm -rf /"}}"#,
            #" { "type" : "Bash.Execute" , "target": null, "params" : { "command" : "ls", "n": -12 }, "context": {"a": true} } "#,
            #"{"type":"payment.charge","params":{"amount":5000}}"#,
            #"{"type":"payment.charge","params":{"amount":1000.5,"fee":3.5e0}}"#,
            #"{"type":"payment.charge","params":{"amount":99999999999999999999}}"#,
            #"{"type":"unknown.tool"}"#,
            #"{"type":"http.get","params":{"host":"metadata"}}"#,
        ] {
            #expect(Self.fast(engine, text).byFastRoad, "\(text)")
        }
        for text in [
            #"{"type":"bash.execute","params":{"command":"l\u0073"}}"#,  // an escape
            #"{"type":"payment.charge","params":{"amount":1E400}}"#,  // out of a double's range (an error)
            #"{"type":"payment.charge","params":{"amount":"5000"}}"#,  // ReviewPay cannot compare a string with 1000
            #"{"type":"file.read","target":"/secret/x"}"#,  // a statement with targets
            #"{"type":"git.diff","agent":{"team":"red"}}"#,  // an agent
            #"{"type":"bash.execute","params":{"command":"rm | sh"}}"#,  // two deny rules
            #"{"type":"x.y","parms":{}}"#,  // an error
        ] {
            #expect(!Self.fast(engine, text).byFastRoad, "\(text)")
        }
        // Policy sets with a scoped policy or a section other than statements: never.
        for sources in Self.policySets.suffix(2) {
            let other = try Fixtures.engine(sources)
            #expect(!Self.fast(other, #"{"type":"bash.execute","params":{"command":"ls"}}"#).byFastRoad)
        }
    }

    /// Deterministic (RobustnessTests' SplitMix64), so a failure names an input that can be replayed.
    typealias Generator = RobustnessTests.RNG

    static func generatedAction(_ g: inout Generator) -> String {
        let types = ["bash.execute", "Bash.EXECUTE", "sql.query", "payment.charge", "email.send", "http.get", "http.post",
                     "file.read", "file.write", "git.push", "git.diff", "tool.call", "unknown.tool", "é.x", "x"]
        let keys = ["command", "cwd", "path", "sql", "amount", "fee", "country", "currency", "strict", "to", "domain",
                    "recipients", "url", "host", "force", "n", "K", "\u{212A}", "comm\\u0061nd", "a b", ""]
        let strings = ["ls", "git status", "rm -rf /", "rm -rf / | sh", "curl x | sh", "DROP TABLE users", "drop   table t",
                       "DELETE FROM t", "select 1", "/etc/passwd", "/home/a", "/tmp/.env", "KP", "US", "USD", "EUR",
                       "a@x.io", "c@x.io", "x.io", "z.io", "http://169.254.169.254/", "metadata", "", "é", "e\u{301}",
                       "a\\\"b", "l\\u0073", "\\n", "A", "B", "Zz", String(repeating: "rm -rf ", count: 9)]
        let numbers = ["0", "-0", "1", "3", "2", "50", "51", "60", "999", "1000", "1001", "5000", "1000000", "-7", "2.5", "2.0",
                       "1e3", "1000.0", "999999999999999999", "-999999999999999999", "9999999999999999999", "01", "1.", "-",
                       "-0.0", "1E+2", "0.1e1", "5e-324", "1e309", "-12.50", "1234567890123456789", "1000.000000000000001",
                       "2.5e", "1e-", ".5", "-01.5", "1.0E-2"]
        func value(_ g: inout Generator) -> String {
            switch g.next() % 10 {
            case 0...3: return "\"\(g.pick(strings))\""
            case 4...6: return g.pick(numbers)
            case 7: return g.pick(["true", "false", "null"])
            case 8: return g.pick(["[]", "[1,\"a\"]", "{}", "{\"v\":1}", "[\"a@x.io\"]"])
            default: return g.pick(["tru", "\"unterminated", "nul", "\"ok\""])
            }
        }
        func ws(_ g: inout Generator) -> String { g.chance(85) ? "" : g.pick([" ", "\n", "\t", "\r\n", "  "]) }
        var members: [String] = []
        if !g.chance(3) { members.append("\"type\":\(ws(&g))\"\(g.pick(types))\"") }
        if g.chance(8) { members.append("\"type\":\"\(g.pick(types))\"") }
        if g.chance(70) {
            var params: [String] = []
            for _ in 0..<(g.next() % 4) { params.append("\(ws(&g))\"\(g.pick(keys))\"\(ws(&g)):\(ws(&g))\(value(&g))\(ws(&g))") }
            members.append(g.chance(5) ? "\"params\":null" : "\"params\":{\(params.joined(separator: ","))}")
        }
        if g.chance(15) { members.append("\"target\":\(g.pick(["null", "\"/secret/a\"", "\"/tmp/x\"", "5"]))") }
        if g.chance(15) { members.append("\"context\":\(g.pick(["null", "{}", "{\"a\":1}", "{\"a\":1,\"a\":2}", "{\"n\":{\"m\":1}}", "[]"]))") }
        if g.chance(4) { members.append("\"agent\":{\"team\":\"red\"}") }
        if g.chance(3) { members.append("\"extra\":1") }
        // Shuffle the members.
        for i in stride(from: members.count - 1, to: 0, by: -1) { members.swapAt(i, Int(g.next() % UInt64(i + 1))) }
        var text = "\(ws(&g)){\(ws(&g))\(members.joined(separator: ",\(ws(&g))"))\(ws(&g))}\(ws(&g))"
        if g.chance(2) { text += g.pick(["x", ",", "}"]) }
        if g.chance(2) { text.removeLast() }
        return text
    }

    @Test("generated actions: the same bytes or the same error, with every policy set; one text per serial")
    func generatedMatch() throws {
        var fastAnswers = 0, total = 0
        // Decision.serial's promise, over every engine at once: a serial always names the same text.
        var textOfSerial: [UInt64: String] = [:]
        for (index, sources) in Self.policySets.enumerated() {
            let engine = try Fixtures.engine(sources)
            var g = Generator(state: 0x5EED_0000 + UInt64(index))
            for _ in 0..<4_000 {
                var text = Self.generatedAction(&g)
                let expected = Self.reference(engine, text)
                let (got, byFastRoad) = Self.fast(engine, text)
                #expect(Array(got.utf8) == Array(expected.utf8), "\(sources.map(\.0)) \(text)")
                if byFastRoad { fastAnswers += 1 }
                total += 1
                if let decision = text.withUTF8({ try? engine.decision(validUTF8: $0) }), decision.serial != 0 {
                    let known = textOfSerial.updateValue(decision.jsonText, forKey: decision.serial)
                    #expect(known == nil || known == decision.jsonText, "serial \(decision.serial) named two texts")
                }
            }
        }
        // Most generated actions are flat and decidable: the comparison must have exercised the fast road.
        #expect(fastAnswers > total / 4, "the fast road answered \(fastAnswers) of \(total)")
        #expect(textOfSerial.count > 20, "only \(textOfSerial.count) serials seen")
    }
}

extension RobustnessTests.RNG {
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}
