import Testing
@testable import WardenPolicy

/// Seeded mutation fuzzing of every parser the engine exposes to untrusted text. A crash fails
/// the whole test process; every input must produce a value or a precise error. (Coverage-guided
/// fuzzing with libFuzzer is still to do; these are the cheap, always-on version.)
@Suite("Robustness against malformed input")
struct RobustnessTests {
    struct RNG {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    }

    static let alphabet: [Unicode.Scalar] = Array("{}[]()\"':,-. \n\t*?!&|=<>\\^$+#%@~0123456789abcdefxyzé😀\u{0}\u{200B}".unicodeScalars)

    /// Deletes, duplicates, replaces or inserts a few scalars.
    static func mutate(_ text: String, _ rng: inout RNG) -> String {
        var s = Array(text.unicodeScalars)
        for _ in 0...rng.below(4) {
            let i = s.isEmpty ? 0 : rng.below(s.count)
            switch rng.below(4) {
            case 0 where !s.isEmpty: s.remove(at: i)
            case 1 where !s.isEmpty: s.insert(contentsOf: s[i..<min(s.count, i + rng.below(12))], at: i)
            case 2 where !s.isEmpty: s[i] = alphabet[rng.below(alphabet.count)]
            default: s.insert(alphabet[rng.below(alphabet.count)], at: i)
            }
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: s)
        return String(out)
    }

    static let seedPolicy = """
        apiVersion: warden/v1
        kind: Policy
        metadata: {name: p, version: "1"}
        spec:
          default: deny
          statements:
            - sid: A
              effect: deny
              actions: ["bash.*", "file.[rw]*"]
              targets: ["/tmp/**"]
              match: any
              conditions:
                params.command: {op: regex, value: '(?i)\\brm\\s+-rf'}
                params.amount: {op: ">", value: 1000}
                context.role: {op: in, value: [admin, ops]}
              when: 'params.url.startsWith("https://") && size(params.tags) < 3 || !(agent.team == "x")'
          tools: {bash: {allow: true, limit_per_hour: 5, requires_approval_if: 'params.command.contains("sudo")'}}
          network: {allowlist: ["*.github.com", "10.0.0.0/8"], denylist: ["::1/128"]}
          schedule: {active_hours: {start: "22:00", end: "06:00", timezone: Europe/Berlin}, weekdays: [mon, fri]}
          data: {sensitive_patterns: ['AKIA[0-9A-Z]{4}']}
        """

    static let seedAction = #"{"type":"bash.execute","target":"/tmp/x","params":{"command":"rm -rf /","amount":5000.5,"tags":["a"],"url":"https://a.github.com"},"context":{"role":"dev"},"agent":{"id":"a","team":"t","org":"o"}}"#

    @Test("mutated policies either compile or report diagnostics, and compiled ones evaluate")
    func policies() throws {
        var rng = RNG(state: 1)
        let action = try Action(json: Self.seedAction)
        var compiled = 0
        for i in 0..<1000 {
            let text = Self.mutate(Self.seedPolicy, &rng)
            let source = PolicySource(name: i % 5 == 0 ? "p.json" : "p.yaml", text: text)
            do {
                let engine = try PolicyEngine(sources: [source])
                compiled += 1
                _ = engine.evaluate(action, at: 1_795_215_600).jsonText
            } catch {
                #expect(!error.diagnostics.isEmpty)
                for d in error.diagnostics { #expect(!d.message.isEmpty) }
            }
        }
        #expect(compiled > 30, "mutations should not all be fatal; \(compiled) compiled")
    }

    @Test("mutated action JSON parses or is rejected with a message")
    func actions() throws {
        var rng = RNG(state: 2)
        let engine = try Fixtures.engine(Self.seedPolicy)
        for _ in 0..<5000 {
            let text = Self.mutate(Self.seedAction, &rng)
            do {
                let action = try Action(json: text)
                _ = engine.evaluate(action, at: 0)
            } catch {
                #expect(!error.message.isEmpty)
            }
        }
    }

    /// The reference reading of an action: the whole value first, then its members.
    static func referenceAction(_ text: String) -> Result<Action, ActionParseError> {
        let value: PolicyValue
        do { value = try JSONParser.parseValue(text) } catch {
            return .failure(ActionParseError(message: "invalid JSON at line \(error.mark.line), column \(error.mark.column): \(error.message)"))
        }
        return Result { () throws(ActionParseError) in try Action(value: value) }
    }

    static func directAction(_ text: String) -> (json: Result<Action, ActionParseError>, bytes: Result<Action, ActionParseError>) {
        var copy = text
        let bytes = copy.withUTF8 { buffer in Result { () throws(ActionParseError) in try Action(validUTF8: buffer) } }
        return (Result { () throws(ActionParseError) in try Action(json: text) }, bytes)
    }

    static func same(_ a: Result<Action, ActionParseError>, _ b: Result<Action, ActionParseError>) -> Bool {
        switch (a, b) {
        case (.success(let x), .success(let y)): return x == y
        case (.failure(let x), .failure(let y)): return x.message == y.message
        default: return false
        }
    }

    @Test("actions read member by member give exactly the whole-value reading: the same action or the same error")
    func directActionParsing() {
        var rng = RNG(state: 4)
        let fixed = [
            "{}", " { } ", "[1]", "[1] x", "{} x", "\"x\"", "null", "", "{", "{\"type\"", "{\"type\":}",
            #"{"type":"a","type":"b"}"#, #"{"type":"a","params":{},"params":{}}"#, #"{"x":1,"x":2,"type":"a"}"#,
            #"{"zz":1,"aa":2,"type":"a"}"#, #"{"type":"a","params":{"k":1,"k":2}}"#, #"{"type":null}"#,
            #"{"type":"a","target":null,"params":null,"context":null,"agent":null}"#,
            #"{"type":"a","agent":{"id":"i","id":"j"}}"#, #"{"type":"a"} "#, "\n{\"type\":\n\"a\"}\n",
            #"{"type":"a",}"#, #"{"type":"a" "target":"b"}"#, #"{"type":"a","x":[1,2,{"y":3}]"#,
            #"{"type":"caf\u00e9","params":{"s":"\ud83d\ude00"}}"#, #"{"typ\u0065":"a","type":"b"}"#, #"{"t":1,"ty":2,"ta":3}"#,
            #"{"typ\u0065":"a","p\u0061rams":{"x":1}}"#, #"{"targets":"x","type":"a"}"#, #"{"type""#, #"{"ty"#, #"{"agent"}"#, #"{"type":"a","params":{"s":"\ud83d"}}"#,
        ]
        // params and context of up to eight members are kept in an array, more in a dictionary:
        // both sides of the limit, duplicates before, at and after it, canonically equal keys.
        func object(_ count: Int, duplicateAt: Int? = nil) -> String {
            var members = (0..<count).map { "\"k\($0)\":\($0)" }
            if let d = duplicateAt { members.insert("\"k0\":true", at: d) }
            return "{" + members.joined(separator: ",") + "}"
        }
        var texts = fixed
        for count in [1, 2, 3, 7, 8, 9, 12] {
            texts.append(#"{"type":"a","params":"# + object(count) + #","context":"# + object(count) + "}")
            for d in Set([1, count - 1, count, 8, 9].filter { $0 >= 1 && $0 <= count }) {
                texts.append(#"{"type":"a","params":"# + object(count, duplicateAt: d) + "}")
                texts.append(#"{"type":"a","context":"# + object(count, duplicateAt: d) + "}")
            }
        }
        texts.append(#"{"type":"a","params":{"caf\u00e9":1,"cafe\u0301":2}}"#)
        texts.append(#"{"type":"a","context":{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"caf\u00e9":8,"cafe\u0301":9}}"#)
        for _ in 0..<5000 { texts.append(Self.mutate(Self.seedAction, &rng)) }
        for text in texts {
            let expected = Self.referenceAction(text)
            let (json, bytes) = Self.directAction(text)
            #expect(Self.same(json, expected), "\(text)")
            #expect(Self.same(bytes, expected), "\(text)")
        }
    }

    @Test("UTF-8 validation where the bytes lie agrees with the standard library's")
    func utf8Validation() {
        func check(_ bytes: [UInt8], _ note: @autoclosure () -> String = "") {
            let expected = String(validating: bytes, as: UTF8.self) != nil
            let got = bytes.withUnsafeBufferPointer { UTF8Validation.isValid($0) }
            #expect(got == expected, "\(bytes.map { String($0, radix: 16) }) \(note())")
        }
        check([])
        for a in 0...255 { check([UInt8(a)]) }
        for a in 0xC0...0xFF { for b in 0...255 { check([UInt8(a), UInt8(b)]) } }
        for a in 0xE0...0xF4 {
            for b in 0x70...0xC8 { for c in [0x00, 0x7F, 0x80, 0xBF, 0xC0] { check([UInt8(a), UInt8(b), UInt8(c)]) } }
        }
        for a in 0xF0...0xF5 {
            for b in [0x7F, 0x80, 0x8F, 0x90, 0xBF, 0xC0] {
                for c in [0x7F, 0x80, 0xBF, 0xC0] { for d in [0x7F, 0x80, 0xBF, 0xC0] { check([UInt8(a), UInt8(b), UInt8(c), UInt8(d)]) } }
            }
        }
        // Multi-byte sequences and errors at every offset around the eight-byte ASCII steps.
        var rng = RNG(state: 5)
        let pieces: [[UInt8]] = [[0x41], [0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80], [0xED, 0xA0, 0x80],
                                 [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xE2, 0x82], [0xFF]]
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0...rng.below(6) {
                bytes += [UInt8](repeating: 0x61, count: rng.below(19))
                bytes += pieces[rng.below(rng.below(3) == 0 ? pieces.count : 4)]
            }
            bytes += [UInt8](repeating: 0x62, count: rng.below(9))
            check(bytes)
        }
    }

    @Test("mutated expressions and regexes compile or fail with a column")
    func expressionsAndRegexes() {
        var rng = RNG(state: 3)
        let expr = #"params.a > -1.5 && (params.b in ['x', "y"] || !params.c.matches('^a+$')) && size(params.d) == 2"#
        let regex = #"(?i)^(?:https?://)?([a-z0-9-]+\.)*ex\d{2,5}[^/\s]*(?=/|$)|\bfoo\B|(a|b)\1"#
        let action = Action(type: "x", params: ["a": 1, "b": "x", "c": "aaa", "d": [1, 2]])
        for _ in 0..<4000 {
            let e = Self.mutate(expr, &rng)
            do { _ = try PolicyExpression(e).evaluate(action) } catch { #expect(error.column >= 1) }
            let r = Self.mutate(regex, &rng)
            do { _ = try PolicyRegex(r).matches("https://www.ex123.com/foo aa") } catch { #expect(!error.message.isEmpty) }
        }
    }
}
